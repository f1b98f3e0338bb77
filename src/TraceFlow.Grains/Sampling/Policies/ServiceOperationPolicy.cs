namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>service_operation</c> (a TraceFlow extension; with the Collector one writes
/// <c>string_attribute</c> on <c>service.name</c>): keeps a trace with a span whose service is one
/// of <c>services</c> and whose operation (span name) is one of <c>operations</c>, on the same
/// span. An empty list matches anything. With <c>enabled_regex_matching</c> the values are
/// unanchored patterns run without backtracking, as in <c>string_attribute</c>;
/// <c>invert_match</c> turns the policy into an exclusion.
/// </summary>
public sealed class ServiceOperationPolicy : ITailSamplingPolicy
{
    private readonly ValueMatcher? services;
    private readonly ValueMatcher? operations;
    private readonly bool invertMatch;

    public ServiceOperationPolicy(
        string name, IReadOnlyCollection<string> services, IReadOnlyCollection<string> operations, bool enabledRegexMatching = false, bool invertMatch = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(operations);
        Name = name;
        this.services = services.Count == 0 ? null : new ValueMatcher(services, enabledRegexMatching);
        this.operations = operations.Count == 0 ? null : new ValueMatcher(operations, enabledRegexMatching);
        this.invertMatch = invertMatch;
    }

    public string Name { get; }

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var found = trace.Spans.Any(s => (services?.Matches(s.Service) ?? true) && (operations?.Matches(s.Operation) ?? true));
        if (invertMatch)
        {
            return found ? PolicyDecision.InvertNotSampled : PolicyDecision.InvertSampled;
        }

        return found ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
    }
}
