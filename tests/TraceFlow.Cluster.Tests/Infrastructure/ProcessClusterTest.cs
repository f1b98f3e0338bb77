namespace TraceFlow.Cluster.Tests.Infrastructure;

/// <summary>A test class with a <see cref="ProcessCluster"/> started before each test and torn down after it, and an HTTP client to its gateway.</summary>
public abstract class ProcessClusterTest(ProcessCluster cluster, TimeSpan requestTimeout) : IAsyncLifetime
{
    protected ProcessCluster Cluster { get; } = cluster;

    protected HttpClient Http { get; } = new() { Timeout = requestTimeout };

    public async ValueTask InitializeAsync()
    {
        Http.BaseAddress = Cluster.GatewayAddress;
        await Cluster.StartAsync(Http);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Http.Dispose();
        GC.SuppressFinalize(this);
    }
}
