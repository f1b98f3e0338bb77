using System.Globalization;
using System.Net;

namespace TraceFlow.Cluster.Tests.Infrastructure;

/// <summary>
/// redis-server, N <c>TraceFlow.Silo</c> processes with Redis membership and a
/// <c>TraceFlow.Gateway</c> in Client mode, each <c>dotnet &lt;dll&gt;</c> on free ports, in the
/// local profile (every trace kept, decided after <see cref="DecisionWait"/> of quiet unless a test
/// asks for longer). Dispose kills them all.
/// </summary>
public sealed class ProcessCluster(int siloCount, TimeSpan? decisionWait = null) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly RedisServer redis = new();
    private readonly string clusterId = $"cluster-test-{Guid.NewGuid():N}";
    private readonly List<SiloProcess> silos = [];
    private readonly int gatewayPort = FreePort.Next();
    private ChildProcess? gateway;

    public IReadOnlyList<SiloProcess> Silos => silos;

    public Uri GatewayAddress => new($"http://127.0.0.1:{gatewayPort}");

    /// <summary>Quiet time before a trace is decided, as the silos are configured by default.</summary>
    public static TimeSpan DecisionWait { get; } = TimeSpan.FromSeconds(1);

    public async Task StartAsync(HttpClient http)
    {
        await redis.StartAsync();
        for (var i = 0; i < siloCount; i++)
        {
            silos.Add(StartSilo(i));
        }

        foreach (var silo in silos)
        {
            await Poll.UntilAsync(async () => await silo.SpansReceivedAsync(http) is not null, StartTimeout, Diagnostics);
        }

        gateway = ChildProcess.Start(
            "gateway",
            "dotnet",
            ["TraceFlow.Gateway.dll", "--urls", GatewayAddress.ToString().TrimEnd('/')],
            new Dictionary<string, string>(ClusterSettings())
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Local",
                ["TraceFlow__Gateway__Mode"] = "Client",
                ["TraceFlow__Otlp__GrpcPort"] = "0",
                ["TraceFlow__Otlp__HttpPort"] = "0",
            },
            BuildOutput.Folder("TraceFlow.Gateway"));
        await Poll.UntilAsync(async () => await AnswersAsync(http, new Uri(GatewayAddress, "/readyz")), StartTimeout, Diagnostics);
    }

    /// <summary>Every process's last output lines, for a failure message.</summary>
    public string Diagnostics() =>
        string.Join(Environment.NewLine, silos.Select(s => s.Process.Tail()).Append(gateway?.Tail() ?? "--- gateway not started"));

    public async ValueTask DisposeAsync()
    {
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }

        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }

        await redis.DisposeAsync();
    }

    private SiloProcess StartSilo(int index)
    {
        var metricsPort = FreePort.Next();
        var process = ChildProcess.Start(
            $"silo {index}",
            "dotnet",
            ["TraceFlow.Silo.dll"],
            new Dictionary<string, string>(ClusterSettings())
            {
                ["TraceFlow__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["TraceFlow__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["TraceFlow__Silo__MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
                ["TraceFlow__Silo__MetricsHostname"] = "127.0.0.1",

                // The gateway's local profile, where trace grains live: keep every trace, decide after 1 s.
                ["TraceFlow__Sampling__KeepAll"] = "true",
                ["TraceFlow__Traces__DecisionWait"] = (decisionWait ?? DecisionWait).ToString("c", CultureInfo.InvariantCulture),
            },
            BuildOutput.Folder("TraceFlow.Silo"));
        return new SiloProcess(process, metricsPort);
    }

    private Dictionary<string, string> ClusterSettings() => new()
    {
        ["TraceFlow__Cluster__Membership"] = "Redis",
        ["TraceFlow__Cluster__RedisConnectionString"] = redis.ConnectionString,
        ["TraceFlow__Cluster__ClusterId"] = clusterId,
    };

    private static async Task<bool> AnswersAsync(HttpClient http, Uri uri)
    {
        try
        {
            using var response = await http.GetAsync(uri, TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
