using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>string_attribute</c>: keeps a trace where a string attribute <c>key</c> has one of
/// <c>values</c>, or matches one of them as a regular expression with
/// <c>enabled_regex_matching</c> (unanchored, as the Collector's). <c>invert_match</c> turns it
/// into an exclusion. Regular expressions run without backtracking, so no value can make one slow.
/// </summary>
public sealed class StringAttributePolicy : ITailSamplingPolicy
{
    private readonly string key;
    private readonly bool invertMatch;
    private readonly ValueMatcher matcher;

    public StringAttributePolicy(string name, string key, IReadOnlyCollection<string> values, bool enabledRegexMatching = false, bool invertMatch = false)
    {
        ArgumentNullException.ThrowIfNull(values);
        Name = name;
        this.key = key;
        this.invertMatch = invertMatch;
        matcher = new ValueMatcher(values, enabledRegexMatching);
    }

    public string Name { get; }

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return AttributeMatcher.Evaluate(
            trace, key, a => a.Type == AttributeValueType.StringValue && a.Value.Length > 0 && matcher.Matches(a.Value), invertMatch);
    }
}
