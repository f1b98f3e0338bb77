using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>
/// A TestCluster (two silos unless a fixture says otherwise) whose grain timers and TraceFlow services run on a shared fake
/// clock, while Orleans' own maintenance loops stay on real time.
/// </summary>
public abstract class ClusterFixture : IAsyncLifetime
{
    private TestCluster? cluster;

    public TestCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster is not deployed.");

    public abstract FakeTimeProvider Clock { get; }

    public IGrainFactory Grains => Cluster.Client;

    public ITraceReader Reader => new InMemoryTraceReader(Grains, Options.Create(Cluster.Silos.Count > 0 ? SiloService<IOptions<StorageOptions>>(0).Value : new StorageOptions()));

    protected abstract Type ConfiguratorType { get; }

    protected virtual short SiloCount => 2;

    public async ValueTask InitializeAsync()
    {
        var builder = new TestClusterBuilder(SiloCount);
        builder.Options.ClusterId = $"test-{Guid.NewGuid():N}";
        builder.Options.ServiceId = "traceflow-tests";
        typeof(TestClusterBuilder).GetMethod(nameof(TestClusterBuilder.AddSiloBuilderConfigurator))!
            .MakeGenericMethod(ConfiguratorType)
            .Invoke(builder, null);
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>A service from the DI container of one silo.</summary>
    public T SiloService<T>(int silo)
        where T : notnull =>
        ((InProcessSiloHandle)Cluster.Silos[silo]).SiloHost.Services.GetRequiredService<T>();

    /// <summary>Every silo's service of a type (for per-silo singletons such as the decision cache).</summary>
    public IReadOnlyList<T> AllSiloServices<T>()
        where T : notnull =>
        [.. Enumerable.Range(0, Cluster.Silos.Count).Select(SiloService<T>)];

    /// <summary>Advances the fake clock off the test thread, so inline timer callbacks cannot block it.</summary>
    public Task AdvanceAsync(TimeSpan by) => Task.Run(() => Clock.Advance(by)).WaitAsync(TimeSpan.FromSeconds(30));

    public Task<SpanBatchResult> SendAsync(params Span[] spans) =>
        Grains.GetGrain<ITraceGrain>(new TraceKey(TraceKey.DefaultTenant, spans[0].TraceId).ToString()).AddSpansAsync(SpanFactory.Batch(spans));

    public Task<StoredTrace?> GetStoredAsync(string traceId) =>
        Reader.GetTraceAsync(new TraceKey(TraceKey.DefaultTenant, traceId), TestContext.Current.CancellationToken);

    /// <summary>Advances the clock in small steps until the trace is stored.</summary>
    public async Task<StoredTrace> WaitUntilStoredAsync(string traceId, int minSpans = 1)
    {
        return (await Poll.UntilAsync(
            async () =>
            {
                await AdvanceAsync(TimeSpan.FromMilliseconds(250));
                return await GetStoredAsync(traceId);
            },
            t => t is not null && t.Spans.Length >= minSpans,
            $"trace {traceId} to be stored with {minSpans} spans"))!;
    }

    /// <summary>The decision any silo remembers for the trace, or null while it is undecided.</summary>
    public SamplingDecision? FindDecision(string traceId)
    {
        var key = new TraceKey(TraceKey.DefaultTenant, traceId).ToString();
        return AllSiloServices<DecisionCache>().Select(c => c.Find(key)).FirstOrDefault(d => d is not null);
    }

    /// <summary>Advances the clock in small steps until some silo has decided the trace.</summary>
    public async Task<SamplingDecision> WaitForDecisionAsync(string traceId)
    {
        return (await Poll.UntilAsync(
            async () =>
            {
                await AdvanceAsync(TimeSpan.FromMilliseconds(250));
                return FindDecision(traceId);
            },
            d => d is not null,
            $"a decision on trace {traceId}"))!;
    }

    /// <summary>Installs the fake clock for grain timers and TraceFlow's services on every silo.</summary>
    protected static void UseFakeClock(ISiloBuilder silo, FakeTimeProvider clock)
    {
        silo.Services.AddSingleton(clock);
        silo.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
    }
}
