using System.Text.Json;
using System.Text.RegularExpressions;
using TraceFlow.Deploy.Tests.Infrastructure;
using TraceFlow.Grains.Hosting;
using YamlDotNet.RepresentationModel;

namespace TraceFlow.Deploy.Tests;

/// <summary>docker-compose.yml: two silos with Redis membership, a client gateway, ClickHouse, the demo and Grafana.</summary>
public sealed partial class DockerComposeTests
{
    private const string Gateway = "gateway";

    private static readonly string[] HealthcheckForms = ["CMD", "CMD-SHELL"];
    private static readonly string[] Silos = ["silo1", "silo2"];
    private static readonly string[] ClusterKeys =
    [
        "TraceFlow__Cluster__Membership", "TraceFlow__Cluster__RedisConnectionString", "TraceFlow__Cluster__ClusterId",
        "TraceFlow__Cluster__ServiceId", "TraceFlow__Cluster__GatewayPort", "TraceFlow__ClickHouse__Url",
    ];

    private static readonly Dictionary<string, string> StageByService = new(StringComparer.Ordinal)
    {
        [Gateway] = "gateway",
        ["silo1"] = "silo",
        ["silo2"] = "silo",
        ["checkout"] = "demo",
        ["inventory"] = "demo",
        ["payment"] = "demo",
    };

    private readonly ComposeFile compose = ComposeFile.Load();

    [Fact]
    public void Compose_EveryService_HasAnImageOrABuildAndAHealthcheck()
    {
        Assert.Superset(new HashSet<string>(StageByService.Keys.Concat(["clickhouse", "redis", "prometheus", "grafana"])), compose.ServiceNames.ToHashSet());
        Assert.All(compose.ServiceNames, name =>
        {
            var service = compose.Service(name);
            Assert.True(service.Str("image") is not null || service.Get("build") is not null, $"Service '{name}' has neither image nor build");
            Assert.True(HealthcheckCommand(service).Count > 1, $"Service '{name}' has no health check");
        });
    }

    [Fact]
    public void Compose_BuiltServices_UseTheirStageOfTheRepositoryDockerfileAndNameTheImage()
    {
        Assert.All(StageByService, pair =>
        {
            var service = compose.Service(pair.Key);
            var build = service.Map("build");
            Assert.NotNull(build);
            var dockerfile = Path.Combine(Path.GetFullPath(Path.Combine(Repo.Root, build.Str("context") ?? ".")), build.Str("dockerfile") ?? "Dockerfile");
            Assert.Equal(pair.Value, build.Str("target"));
            Assert.Equal(pair.Value, Dockerfile.Load(dockerfile).Stage(pair.Value).Name);
            Assert.Equal($"traceflow-{pair.Value}:latest", service.Str("image"));
        });
    }

    [Fact]
    public void Compose_DependsOn_WaitsOnlyForServicesThatHaveHealthchecks()
    {
        var edges = compose.ServiceNames.SelectMany(name => DependsOn(compose.Service(name)).Select(d => (name, d.Service, d.Condition))).ToList();

        Assert.NotEmpty(edges);
        Assert.All(edges, e =>
        {
            Assert.Contains(e.Service, compose.ServiceNames);
            Assert.Equal("service_healthy", e.Condition);
            Assert.True(HealthcheckCommand(compose.Service(e.Service)).Count > 1, $"{e.name} waits for {e.Service} to be healthy, which has no health check");
        });
        Assert.Empty(Cycles(edges.Select(e => (e.name, e.Service)).ToList()));
    }

    [Fact]
    public void Compose_StartOrder_BringsStorageAndMembershipUpBeforeSilosAndSilosBeforeTheGateway()
    {
        Assert.All(Silos, silo => Assert.Superset(new HashSet<string> { "redis", "clickhouse" }, DependsOn(compose.Service(silo)).Select(d => d.Service).ToHashSet()));
        Assert.Superset(Silos.ToHashSet(), DependsOn(compose.Service(Gateway)).Select(d => d.Service).ToHashSet());
        Assert.Contains("gateway", DependsOn(compose.Service("grafana")).Select(d => d.Service));
        Assert.Contains("prometheus", DependsOn(compose.Service("grafana")).Select(d => d.Service));
    }

    [Fact]
    public void Compose_GatewayAndSilos_ShareClusterIdentityMembershipAndStorage()
    {
        var gateway = ComposeFile.Environment(compose.Service(Gateway));

        Assert.Equal("Client", gateway["TraceFlow__Gateway__Mode"]);
        Assert.Equal("Redis", gateway["TraceFlow__Cluster__Membership"]);
        Assert.All(Silos, silo =>
        {
            var env = ComposeFile.Environment(compose.Service(silo));
            Assert.All(ClusterKeys, key => Assert.True(env.GetValueOrDefault(key) == gateway.GetValueOrDefault(key), $"{silo} and the gateway disagree on {key}"));
            Assert.Equal(TraceFlowClusterOptions.DefaultSiloPort, Kube.Int(env["TraceFlow__Cluster__SiloPort"]));
        });
    }

    [Fact]
    public void Compose_RedisAndClickHouseAddresses_NameServicesOnTheirPorts()
    {
        var env = ComposeFile.Environment(compose.Service(Gateway));
        var redis = env["TraceFlow__Cluster__RedisConnectionString"].Split(':');
        var clickhouse = new Uri(env["TraceFlow__ClickHouse__Url"]);

        Assert.StartsWith("redis:", compose.Service(redis[0]).Str("image"), StringComparison.Ordinal);
        Assert.Equal(6379, Kube.Int(redis[1]));
        Assert.StartsWith("clickhouse/clickhouse-server", compose.Service(clickhouse.Host).Str("image"), StringComparison.Ordinal);
        Assert.Equal(8123, clickhouse.Port);
    }

    [Fact]
    public void Compose_Gateway_PublishesTheUiAndTheOtlpPortsOfItsAppSettings()
    {
        using var appsettings = JsonDocument.Parse(Repo.ReadText("src", "TraceFlow.Gateway", "appsettings.json"));
        var otlp = appsettings.RootElement.GetProperty("TraceFlow").GetProperty("Otlp");

        var ports = ComposeFile.ContainerPorts(compose.Service(Gateway)).ToHashSet();

        Assert.Superset(new HashSet<int> { 9411, otlp.GetProperty("GrpcPort").GetInt32(), otlp.GetProperty("HttpPort").GetInt32() }, ports);
    }

    [Fact]
    public void Compose_Gateway_ListensOnAllInterfacesOn9411()
    {
        var env = new Dictionary<string, string>(Dockerfile.Load(Repo.PathOf("Dockerfile")).Stage("gateway").Environment, StringComparer.Ordinal);
        foreach (var (key, value) in ComposeFile.Environment(compose.Service(Gateway)))
        {
            env[key] = value;
        }

        var urls = GatewayUrls.Effective(env);

        Assert.True(GatewayUrls.ListensOnAllInterfaces(urls, 9411), $"The gateway binds '{urls}', not 0.0.0.0:9411");
    }

    [Fact]
    public void Compose_Healthchecks_ProbeTheEndpointsTheServicesServe()
    {
        Assert.Equal("http://127.0.0.1:9411/readyz", HealthcheckCommand(compose.Service(Gateway))[^1]);
        Assert.All(Silos, silo => Assert.EndsWith($"/dev/tcp/127.0.0.1/{TraceFlowClusterOptions.DefaultSiloPort}", HealthcheckCommand(compose.Service(silo))[^1], StringComparison.Ordinal));
        foreach (var demo in DemoPorts())
        {
            Assert.Equal($"http://127.0.0.1:{demo.Value}/healthz", HealthcheckCommand(compose.Service(demo.Key))[^1]);
        }
    }

    [Fact]
    public void Compose_BuiltServiceHealthchecks_UseAToolTheirImageHas()
    {
        var dockerfile = Dockerfile.Load(Repo.PathOf("Dockerfile"));
        Assert.All(StageByService, pair =>
        {
            var tool = HealthcheckCommand(compose.Service(pair.Key))[1];
            // The aspnet runtime image is Debian with bash, but ships neither curl nor wget.
            var installed = dockerfile.Lineage(pair.Value).SelectMany(s => s.All("RUN"))
                .Where(r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal))
                .SelectMany(r => Dockerfile.Tokenize(r.Arguments))
                .Append("bash");
            Assert.Contains(tool, installed);
        });
    }

    [Fact]
    public void Compose_DemoServices_ListenOnTheScriptsPortsOnEveryInterfaceAndReportToTheGateway()
    {
        foreach (var (role, port) in DemoPorts())
        {
            var service = compose.Service(role);
            var command = service.Seq("command").Select(c => c.Scalar() ?? "").ToList();
            Assert.Equal(role, command[0]);
            Assert.Equal(port, Kube.Int(Switch(command, "--port")));
            Assert.Equal(new Uri($"http://{Gateway}:9411"), new Uri(Switch(command, "--collector")));
            Assert.Equal($"http://0.0.0.0:{port}", ComposeFile.Environment(service)["Kestrel__Endpoints__Http__Url"]);
        }

        var checkout = compose.Service("checkout").Seq("command").Select(c => c.Scalar() ?? "").ToList();
        Assert.Equal(new Uri($"http://inventory:{DemoPorts()["inventory"]}"), new Uri(Switch(checkout, "--inventory-url")));
        Assert.Equal(new Uri($"http://payment:{DemoPorts()["payment"]}"), new Uri(Switch(checkout, "--payment-url")));
        Assert.Contains(DemoPorts()["checkout"], ComposeFile.ContainerPorts(compose.Service("checkout")));
    }

    /// <summary>The demo ports scripts/start_demo_services.sh uses by default.</summary>
    private static Dictionary<string, int> DemoPorts() =>
        DemoPortDefault().Matches(Repo.ReadText("scripts", "start_demo_services.sh"))
            .ToDictionary(m => m.Groups["role"].Value.ToLowerInvariant(), m => Kube.Int(m.Groups["port"].Value), StringComparer.Ordinal);

    private static string Switch(List<string> command, string name)
    {
        var index = command.IndexOf(name);
        Assert.True(index >= 0 && index + 1 < command.Count, $"'{string.Join(' ', command)}' has no {name}");
        return command[index + 1];
    }

    /// <summary>The health check's test as a list: <c>[CMD, tool, args...]</c>; a string is CMD-SHELL.</summary>
    private static List<string> HealthcheckCommand(YamlNode service)
    {
        var test = service.Map("healthcheck").Get("test") switch
        {
            YamlSequenceNode list => list.Children.Select(c => c.Scalar() ?? "").ToList(),
            YamlScalarNode scalar => ["CMD-SHELL", scalar.Value ?? ""],
            _ => [],
        };
        Assert.True(test.Count == 0 || HealthcheckForms.Contains(test[0]), $"health check form '{test[0]}'");
        return test;
    }

    private static IEnumerable<(string Service, string Condition)> DependsOn(YamlNode service) => service.Get("depends_on") switch
    {
        YamlMappingNode map => map.Children.Select(c => (c.Key.Scalar() ?? "", c.Value.Str("condition") ?? "service_started")),
        YamlSequenceNode list => list.Children.Select(c => (c.Scalar() ?? "", "service_started")),
        _ => [],
    };

    private static List<string> Cycles(List<(string From, string To)> edges)
    {
        var cycles = new List<string>();
        foreach (var start in edges.Select(e => e.From).Distinct())
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(edges.Where(e => e.From == start).Select(e => e.To));
            while (pending.TryPop(out var next))
            {
                if (next == start)
                {
                    cycles.Add(start);
                    break;
                }

                if (seen.Add(next))
                {
                    foreach (var edge in edges.Where(e => e.From == next))
                    {
                        pending.Push(edge.To);
                    }
                }
            }
        }

        return cycles;
    }

    [GeneratedRegex(@"TRACEFLOW_(?<role>CHECKOUT|INVENTORY|PAYMENT)_PORT:-(?<port>\d+)")]
    private static partial Regex DemoPortDefault();
}
