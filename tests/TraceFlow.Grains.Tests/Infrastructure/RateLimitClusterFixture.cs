using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>A two-silo cluster whose only policy keeps <see cref="SpansPerSecond"/> spans per second, cluster-wide.</summary>
public sealed class RateLimitClusterFixture : ClusterFixture
{
    public const string PolicyName = "cluster-rate";
    public const long SpansPerSecond = 10;
    public static readonly TimeSpan DecisionWait = TimeSpan.FromMilliseconds(500);

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
            siloBuilder.Services.Configure<TailSamplingOptions>(o => o.Policies =
            [
                new PolicyConfig { Name = PolicyName, Type = "rate_limiting", RateLimiting = new RateLimitingConfig { SpansPerSecond = SpansPerSecond } },
            ]);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class RateLimitClusterCollection : ICollectionFixture<RateLimitClusterFixture>
{
    public const string Name = "Rate limit cluster";
}
