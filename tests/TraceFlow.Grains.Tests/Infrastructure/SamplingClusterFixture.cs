using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>The shared cluster with the seed's three sampling rules switched on.</summary>
public sealed class SamplingClusterFixture : ClusterFixture
{
    public const double SampleRate = 0.5;
    public const string HashSalt = "tests";
    public const int MaxSpansPerTrace = 20;
    public static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxTraceLifetime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(500);

    private static readonly FakeTimeProvider SharedClock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override FakeTimeProvider Clock => SharedClock;

    protected override Type ConfiguratorType => typeof(Configurator);

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddTraceFlowGrains();
            UseFakeClock(siloBuilder, SharedClock);
            var services = siloBuilder.Services;
            services.Configure<TraceGrainOptions>(o =>
            {
                o.DecisionWait = DecisionWait;
                o.MaxTraceLifetime = MaxTraceLifetime;
                o.MaxSpansPerTrace = MaxSpansPerTrace;
            });
            services.Configure<TailSamplingOptions>(o =>
            {
                o.KeepAll = false;
                o.KeepErrors = true;
                o.SlowThreshold = SlowThreshold;
                o.SampleRate = SampleRate;
                o.HashSalt = HashSalt;
            });
            services.Configure<StatsOptions>(o => o.FlushInterval = TimeSpan.FromSeconds(1));
            services.Configure<StorageOptions>(o => o.ShardCount = 4);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SamplingClusterCollection : ICollectionFixture<SamplingClusterFixture>
{
    public const string Name = "Sampling cluster";
}
