using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary><c>status_code</c>: keeps a trace when any span has one of the given statuses.</summary>
public sealed class StatusCodePolicy(string name, IReadOnlyCollection<SpanStatusCode> statusCodes) : ITailSamplingPolicy
{
    private readonly HashSet<SpanStatusCode> codes = [.. statusCodes];

    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (codes.Count == 1 && codes.Contains(SpanStatusCode.Error))
        {
            return trace.HasError ? PolicyDecision.Sampled : PolicyDecision.NotSampled; // from the trace's shape, no unpacking
        }

        return trace.Spans.Any(s => codes.Contains(s.Status)) ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
    }
}
