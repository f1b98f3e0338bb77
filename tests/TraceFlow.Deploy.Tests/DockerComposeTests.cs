using System.Text.RegularExpressions;
using TraceFlow.Deploy.Tests.Infrastructure;

namespace TraceFlow.Deploy.Tests;

public sealed partial class DockerComposeTests
{
    private const string Collector = "collector";

    private static readonly string[] HealthcheckForms = ["CMD", "CMD-SHELL"];

    [Fact]
    public void Compose_EveryService_HasAnImageOrABuild()
    {
        var compose = ComposeFile.Load();

        Assert.Contains(Collector, compose.ServiceNames);
        Assert.All(compose.ServiceNames, name =>
        {
            var service = compose.Service(name);
            Assert.True(service.Str("image") is not null || service.Get("build") is not null, $"Service '{name}' has neither image nor build");
        });
    }

    [Fact]
    public void Compose_Collector_BuildsTheGatewayStageOfTheRepositoryDockerfile()
    {
        var collector = ComposeFile.Load().Service(Collector);
        var build = collector.Map("build");
        Assert.NotNull(build);
        Assert.False(string.IsNullOrEmpty(collector.Str("image")), "Name the built image so it can be pushed and reused");

        var context = Path.GetFullPath(Path.Combine(Repo.Root, build.Str("context") ?? "."));
        var dockerfile = Path.Combine(context, build.Str("dockerfile") ?? "Dockerfile");
        Assert.True(File.Exists(dockerfile), $"{dockerfile} is missing");
        var target = build.Str("target");
        Assert.Equal("gateway", target);
        Assert.Equal(target, Dockerfile.Load(dockerfile).Stage("gateway").Name);
    }

    [Fact]
    public void Compose_Collector_PublishesUiAndOtlpPorts()
    {
        var ports = ComposeFile.ContainerPorts(ComposeFile.Load().Service(Collector));

        Assert.Superset(new HashSet<int> { 9411, 4317, 4318 }, ports.ToHashSet());
    }

    [Fact]
    public void Compose_Collector_RunsGatewayCoHostingASilo()
    {
        // The compose file has no silo service, so the gateway must host one itself.
        var env = ComposeFile.Environment(ComposeFile.Load().Service(Collector));

        Assert.Equal("CoHosted", env.GetValueOrDefault("TraceFlow__Gateway__Mode", "CoHosted"));
    }

    [Fact]
    public void Compose_Collector_ListensOnAllInterfacesOn9411()
    {
        var env = new Dictionary<string, string>(Dockerfile.Load(Repo.PathOf("Dockerfile")).Stage("gateway").Environment, StringComparer.Ordinal);
        foreach (var (key, value) in ComposeFile.Environment(ComposeFile.Load().Service(Collector)))
        {
            env[key] = value;
        }

        var urls = GatewayUrls.Effective(env);

        Assert.True(GatewayUrls.ListensOnAllInterfaces(urls, 9411), $"The collector binds '{urls}', not 0.0.0.0:9411");
    }

    [Fact]
    public void Compose_Collector_HealthcheckProbesReadyzOn9411()
    {
        var healthcheck = ComposeFile.Load().Service(Collector).Map("healthcheck");
        Assert.NotNull(healthcheck);
        var test = healthcheck.Get("test") switch
        {
            YamlDotNet.RepresentationModel.YamlSequenceNode list => list.Children.Select(c => c.Scalar() ?? "").ToList(),
            var scalar => ["CMD-SHELL", scalar.Scalar() ?? ""],
        };

        Assert.Contains(test[0], HealthcheckForms);
        var command = string.Join(' ', test.Skip(1));
        Assert.Contains("/readyz", command, StringComparison.Ordinal);
        Assert.Contains(":9411", command, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_CollectorHealthcheck_UsesAToolTheGatewayImageInstalls()
    {
        var healthcheck = ComposeFile.Load().Service(Collector).Map("healthcheck");
        var tool = healthcheck.Seq("test").Skip(1).FirstOrDefault().Scalar();
        Assert.NotNull(tool);

        // The aspnet runtime image ships neither curl nor wget.
        var installs = Dockerfile.Load(Repo.PathOf("Dockerfile")).Stage("gateway").All("RUN")
            .Where(r => r.Arguments.Contains("apt-get install", StringComparison.Ordinal))
            .SelectMany(r => Dockerfile.Tokenize(r.Arguments));
        Assert.Contains(tool, installs);
    }

    [Fact]
    public void Compose_ByDefault_KeepsTheInMemoryStore_AndPassesTheClickHouseUrlThrough()
    {
        var compose = ComposeFile.Load();
        var collector = compose.Service(Collector).Map("environment");

        Assert.Equal("${TRACEFLOW_CLICKHOUSE_URL:-}", collector.Str("TRACEFLOW_CLICKHOUSE_URL"));
        Assert.Equal("", ComposeFile.Environment(compose.Service(Collector))["TRACEFLOW_CLICKHOUSE_URL"]);
    }

    [Fact]
    public void Compose_DocumentedClickHouseCommand_PointsAtTheClickHouseServiceHttpPort()
    {
        var compose = ComposeFile.Load();
        var command = ClickHouseCommand().Match(Repo.ReadText(ComposeFile.FileName));
        Assert.True(command.Success, "The header documents no TRACEFLOW_CLICKHOUSE_URL=... docker compose --profile clickhouse up command");

        var uri = new Uri(command.Groups["url"].Value);
        var clickhouse = compose.Service(uri.Host);
        Assert.StartsWith("clickhouse/clickhouse-server", clickhouse.Str("image"), StringComparison.Ordinal);
        Assert.Contains("clickhouse", clickhouse.Seq("profiles").Select(p => p.Scalar()));
        Assert.Equal(8123, uri.Port);
        Assert.Contains(8123, ComposeFile.ContainerPorts(clickhouse));
    }

    [GeneratedRegex(@"TRACEFLOW_CLICKHOUSE_URL=(?<url>http://\S+) docker compose --profile clickhouse up")]
    private static partial Regex ClickHouseCommand();
}
