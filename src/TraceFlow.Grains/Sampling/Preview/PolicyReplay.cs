namespace TraceFlow.Grains.Sampling.Preview;

/// <summary>
/// Runs a policy set over traces in the order they started, with <see cref="ReplayClock"/>
/// following their start times, and counts what it decides and what each policy says.
/// Build the set with <c>new PolicyContext(clock)</c> so its stateful policies read the clock.
/// </summary>
public sealed class PolicyReplay
{
    private const int VerdictKinds = 5;

    private readonly PolicySet set;
    private readonly ReplayClock clock;
    private readonly Dictionary<string, int> indexByName;
    private readonly int[] verdicts;
    private readonly int[] decidedKept;
    private readonly int[] decidedDropped;
    private readonly PolicyDecision[] scratch;
    private int evaluated;
    private int kept;
    private int noPolicy;

    public PolicyReplay(PolicySet set, ReplayClock clock)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(clock);
        this.set = set;
        this.clock = clock;
        var count = set.Policies.Count;
        indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            indexByName.TryAdd(set.Policies[i].Name, i);
        }

        verdicts = new int[count * VerdictKinds];
        decidedKept = new int[count];
        decidedDropped = new int[count];
        scratch = new PolicyDecision[count];
    }

    /// <summary>Decides <paramref name="trace"/> as if now were its start; give traces oldest first.</summary>
    public SamplingDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        clock.MoveTo(ReplayClock.FromUnixNanos(trace.StartUnixNanos));
        var decision = set.Decide(trace, scratch);
        evaluated++;
        for (var i = 0; i < scratch.Length; i++)
        {
            verdicts[(i * VerdictKinds) + (int)scratch[i]]++;
        }

        if (decision.Keep)
        {
            kept++;
        }

        if (indexByName.TryGetValue(decision.Policy, out var decider))
        {
            (decision.Keep ? decidedKept : decidedDropped)[decider]++;
        }
        else
        {
            noPolicy++;
        }

        return decision;
    }

    public ReplayResult Result() => new(
        evaluated,
        kept,
        noPolicy,
        [.. set.Policies.Select((policy, i) => new PolicyReplayResult(
            policy.Name,
            PolicyTypeName.Of(policy),
            Sampled: Count(i, PolicyDecision.Sampled),
            NotSampled: Count(i, PolicyDecision.NotSampled),
            InvertedSampled: Count(i, PolicyDecision.InvertSampled),
            InvertedNotSampled: Count(i, PolicyDecision.InvertNotSampled),
            Dropped: Count(i, PolicyDecision.Dropped),
            DecidedKept: decidedKept[i],
            DecidedDropped: decidedDropped[i]))]);

    private int Count(int policy, PolicyDecision verdict) => verdicts[(policy * VerdictKinds) + (int)verdict];
}
