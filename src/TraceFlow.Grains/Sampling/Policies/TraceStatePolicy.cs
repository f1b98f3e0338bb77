namespace TraceFlow.Grains.Sampling.Policies;

/// <summary><c>trace_state</c>: keeps a trace where a span's W3C <c>tracestate</c> has member <c>key</c> with one of <c>values</c>.</summary>
public sealed class TraceStatePolicy(string name, string key, IReadOnlyCollection<string> values) : ITailSamplingPolicy
{
    private readonly HashSet<string> wanted = [.. values];

    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return trace.Spans.Any(s => s.TraceState is { } state && HasMember(state)) ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
    }

    private bool HasMember(string traceState)
    {
        foreach (var member in traceState.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = member.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && member.AsSpan(0, equals).SequenceEqual(key) && wanted.Contains(member[(equals + 1)..]))
            {
                return true;
            }
        }

        return false;
    }
}
