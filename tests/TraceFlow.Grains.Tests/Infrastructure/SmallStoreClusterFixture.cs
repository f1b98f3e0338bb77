using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>A cluster that keeps every trace in a store of only <see cref="MaxTraces"/> traces.</summary>
public sealed class SmallStoreClusterFixture : ClusterFixture
{
    public const int MaxTraces = 5;
    public static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(1);

    private static readonly FakeTimeProvider SharedClock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override FakeTimeProvider Clock => SharedClock;

    protected override Type ConfiguratorType => typeof(Configurator);

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddTraceFlowGrains();
            UseFakeClock(siloBuilder, SharedClock);
            siloBuilder.Services.Configure<TraceGrainOptions>(o => o.DecisionWait = DecisionWait);
            siloBuilder.Services.Configure<TailSamplingOptions>(o => o.KeepAll = true);
            siloBuilder.Services.Configure<StorageOptions>(o =>
            {
                o.ShardCount = 1;
                o.MaxTraces = MaxTraces;
            });
        }
    }
}

/// <remarks>
/// Not run alongside other collections: its eviction test counts the process-wide eviction
/// counter, which the store's unit tests also move.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SmallStoreClusterCollection : ICollectionFixture<SmallStoreClusterFixture>
{
    public const string Name = "Small store cluster";
}
