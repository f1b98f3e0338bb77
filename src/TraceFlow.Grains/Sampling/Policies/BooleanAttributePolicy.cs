using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary><c>boolean_attribute</c>: keeps a trace where boolean attribute <c>key</c> equals <c>value</c>; <c>invert_match</c> excludes instead.</summary>
public sealed class BooleanAttributePolicy(string name, string key, bool value, bool invertMatch = false) : ITailSamplingPolicy
{
    private readonly string text = value ? "true" : "false";

    public string Name => name;

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return AttributeMatcher.Evaluate(trace, key, a => a.Type == AttributeValueType.BoolValue && a.Value == text, invertMatch);
    }
}
