using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.TestingHost;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>
/// Three silos that keep every trace and wait long before deciding (so traces stay live while
/// a test kills or stops a silo), with membership that declares a killed silo dead within a
/// couple of seconds. A test that kills, stops or adds silos deploys its own.
/// </summary>
public class FailoverClusterFixture : ClusterFixture
{
    public static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(30);

    private static readonly FakeTimeProvider SharedClock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public override FakeTimeProvider Clock => SharedClock;

    protected override Type ConfiguratorType => typeof(Configurator);

    protected override short SiloCount => 3;

    /// <summary>Everything but the sampling, which each variant sets.</summary>
    protected static void ConfigureFailover(ISiloBuilder siloBuilder)
    {
        ArgumentNullException.ThrowIfNull(siloBuilder);
        siloBuilder.AddTraceFlowGrains();
        UseFakeClock(siloBuilder, SharedClock);
        siloBuilder.Services.Configure<TraceGrainOptions>(o => o.DecisionWait = DecisionWait);
        siloBuilder.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 1;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(1);
        });
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ConfigureFailover(siloBuilder);
            siloBuilder.Services.Configure<TailSamplingOptions>(o => o.KeepAll = true);
        }
    }
}
