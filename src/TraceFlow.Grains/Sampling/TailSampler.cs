using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Sampling.Configuration;

namespace TraceFlow.Grains.Sampling;

/// <summary>
/// The silo's live policy set. It follows <c>TraceFlow:Sampling</c> as configuration changes:
/// a valid new set takes over for every decision from then on; an invalid one is logged with
/// the policy and field at fault, counted, and the previous set stays. Each decision also
/// counts every policy's own verdict, as the Collector's per-policy metrics do.
/// </summary>
public sealed partial class TailSampler : IDisposable
{
    private readonly PolicyContext context;
    private readonly ILogger logger;
    private readonly IDisposable? subscription;
    private volatile LiveSet current;

    /// <exception cref="OptionsValidationException">The configuration at start-up is invalid.</exception>
    public TailSampler(IOptionsMonitor<TailSamplingOptions> options, PolicyContext context, ILogger<TailSampler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        this.context = context;
        this.logger = logger;
        var errors = new List<string>();
        current = new LiveSet(PolicySet.Build(options.CurrentValue, context, errors) ?? throw Invalid(errors));
        subscription = options.OnChange(Reload);
    }

    /// <summary>A fixed policy list (tests and tools).</summary>
    public TailSampler(IReadOnlyList<ITailSamplingPolicy> policies)
    {
        context = PolicyContext.System; // never reloaded
        logger = NullLogger.Instance;
        current = new LiveSet(new PolicySet(policies));
    }

    public PolicySet Current => current.Set;

    public IReadOnlyList<ITailSamplingPolicy> Policies => current.Set.Policies;

    public SamplingDecision Decide(SampledTrace trace)
    {
        var live = current;
        var count = live.Set.Policies.Count;
        Span<PolicyDecision> verdicts = count <= 64 ? stackalloc PolicyDecision[count] : new PolicyDecision[count];
        var decision = live.Set.Decide(trace, verdicts);
        live.Count(verdicts);
        return decision;
    }

    public void Dispose() => subscription?.Dispose();

    public static OptionsValidationException Invalid(IEnumerable<string> errors) =>
        new(TailSamplingOptions.SectionName, typeof(TailSamplingOptions), errors);

    private void Reload(TailSamplingOptions options)
    {
        var errors = new List<string>();
        var set = PolicySet.Build(options, context, errors);
        if (set is null)
        {
            GrainsMetrics.SamplingReloads.WithLabels("rejected").Inc();
            LogReloadRejected(logger, string.Join("; ", errors));
            return;
        }

        current = new LiveSet(set);
        GrainsMetrics.SamplingReloads.WithLabels("applied").Inc();
        LogReloaded(logger, string.Join(", ", set.Policies.Select(p => p.Name)));
    }

    [LoggerMessage(1, LogLevel.Information, "Tail-sampling policies reloaded: {Policies}")]
    private static partial void LogReloaded(ILogger logger, string policies);

    [LoggerMessage(2, LogLevel.Error, "Tail-sampling configuration change rejected, the previous policies stay: {Errors}")]
    private static partial void LogReloadRejected(ILogger logger, string errors);

    /// <summary>A policy set with its per-policy verdict counters resolved once.</summary>
    private sealed class LiveSet(PolicySet set)
    {
        private static readonly string[] VerdictLabels = ["not_sampled", "sampled", "inverted_sampled", "inverted_not_sampled", "dropped"];

        private readonly Counter.Child[][] verdictCounters =
        [
            .. set.Policies.Select(p => VerdictLabels.Select(v => GrainsMetrics.PolicyVerdicts.WithLabels(p.Name, v)).ToArray()),
        ];

        public PolicySet Set => set;

        public void Count(ReadOnlySpan<PolicyDecision> verdicts)
        {
            for (var i = 0; i < verdicts.Length; i++)
            {
                verdictCounters[i][(int)verdicts[i]].Inc();
            }
        }
    }
}
