using System.Globalization;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>numeric_attribute</c>: keeps a trace where an integer attribute <c>key</c> lies in
/// [<c>min_value</c>, <c>max_value</c>] (a missing bound is open); <c>invert_match</c> excludes instead.
/// </summary>
public sealed class NumericAttributePolicy(string name, string key, long? minValue, long? maxValue, bool invertMatch = false) : ITailSamplingPolicy
{
    private readonly long min = minValue ?? long.MinValue;
    private readonly long max = maxValue ?? long.MaxValue;

    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return AttributeMatcher.Evaluate(trace, key, InRange, invertMatch);
    }

    private bool InRange(SpanAttribute attribute) =>
        attribute.Type == AttributeValueType.IntValue
        && long.TryParse(attribute.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
        && value >= min && value <= max;
}
