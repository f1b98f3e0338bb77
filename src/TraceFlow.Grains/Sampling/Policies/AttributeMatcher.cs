using System.Collections.Immutable;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// The Collector's attribute policies look at resource and span attributes alike: a match on
/// any span keeps the trace, and with <c>invert_match</c> a match on any span excludes it.
/// </summary>
internal static class AttributeMatcher
{
    public static PolicyDecision Evaluate(SampledTrace trace, string key, Func<SpanAttribute, bool> matches, bool invertMatch)
    {
        var found = trace.Spans.Any(span => Has(span.ResourceAttributes) || Has(span.Attributes));
        if (invertMatch)
        {
            return found ? PolicyDecision.InvertNotSampled : PolicyDecision.InvertSampled;
        }

        return found ? PolicyDecision.Sampled : PolicyDecision.NotSampled;

        bool Has(ImmutableArray<SpanAttribute> attributes)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.Key == key && matches(attribute))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
