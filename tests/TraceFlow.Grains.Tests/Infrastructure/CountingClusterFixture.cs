using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>
/// Two silos whose only policy counts how often each trace is evaluated (once per decision)
/// and keeps the traces whose id ends in an even hex digit. Early decisions are on, so spans
/// may arrive before, around and after the decision.
/// </summary>
public sealed class CountingClusterFixture : ClusterFixture
{
    public static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan EarlyDecisionWait = TimeSpan.FromMilliseconds(400);

    private static readonly FakeTimeProvider SharedClock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static CountingPolicy Policy { get; } = new();

    public override FakeTimeProvider Clock => SharedClock;

    protected override Type ConfiguratorType => typeof(Configurator);

    /// <summary>Keeps traces whose id ends in an even hex digit, counting every evaluation.</summary>
    public sealed class CountingPolicy : ITailSamplingPolicy
    {
        private readonly ConcurrentDictionary<string, int> evaluations = new(StringComparer.Ordinal);

        public string Name => "counting";

        public static bool Keeps(string traceId) => Convert.ToInt32(traceId[^1..], 16) % 2 == 0;

        public int Evaluations(string traceId) => evaluations.GetValueOrDefault(traceId);

        public PolicyDecision Evaluate(SampledTrace trace)
        {
            ArgumentNullException.ThrowIfNull(trace);
            evaluations.AddOrUpdate(trace.TraceId, 1, (_, n) => n + 1);
            return Keeps(trace.TraceId) ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
        }
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddTraceFlowGrains();
            UseFakeClock(siloBuilder, SharedClock);
            siloBuilder.Services.Replace(ServiceDescriptor.Singleton(new TailSampler([Policy])));
            siloBuilder.Services.Configure<TraceGrainOptions>(o =>
            {
                o.DecisionWait = DecisionWait;
                o.EarlyDecisionWait = EarlyDecisionWait;
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CountingClusterCollection : ICollectionFixture<CountingClusterFixture>
{
    public const string Name = "Counting cluster";
}
