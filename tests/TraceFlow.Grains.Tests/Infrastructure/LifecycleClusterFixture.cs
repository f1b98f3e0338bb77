using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>
/// One silo (so every trace shares its live-trace limit) that keeps every trace, decides early
/// once a root span is in, and holds only <see cref="MaxLiveTraces"/> undecided traces.
/// </summary>
public sealed class LifecycleClusterFixture : ClusterFixture
{
    public const int MaxLiveTraces = 3;
    public const int ForcedDecisionHeadroom = 20;
    public static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan EarlyDecisionWait = TimeSpan.FromMilliseconds(500);

    private static readonly FakeTimeProvider SharedClock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override FakeTimeProvider Clock => SharedClock;

    public LiveTraceLimiter LiveTraces => SiloService<LiveTraceLimiter>(0);

    protected override Type ConfiguratorType => typeof(Configurator);

    protected override short SiloCount => 1;

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddTraceFlowGrains();
            UseFakeClock(siloBuilder, SharedClock);
            siloBuilder.Services.Configure<TraceGrainOptions>(o =>
            {
                o.DecisionWait = DecisionWait;
                o.EarlyDecisionWait = EarlyDecisionWait;
                o.MaxLiveTraces = MaxLiveTraces;
                o.ForcedDecisionHeadroom = ForcedDecisionHeadroom;
            });
            siloBuilder.Services.Configure<TailSamplingOptions>(o => o.KeepAll = true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LifecycleClusterCollection : ICollectionFixture<LifecycleClusterFixture>
{
    public const string Name = "Lifecycle cluster";
}
