using System.Globalization;
using TraceFlow.Grains.Sampling.Budgets;
using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>
/// Turns configured policies into policy objects, collecting every problem as a message that
/// names the policy and the field (<c>policies[2] 'errors': status_code.status_codes: ...</c>).
/// </summary>
public static class PolicyFactory
{
    /// <summary>The policy types understood, as the Collector names them.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        "always_sample", "never_sample", "latency", "status_code", "probabilistic", "string_attribute",
        "numeric_attribute", "boolean_attribute", "span_count", "trace_state", "and", "drop",
        "rate_limiting", "composite", "service_operation",
    ];

    public static IReadOnlyList<ITailSamplingPolicy> Create(IReadOnlyList<PolicyConfig> configs, PolicyContext context, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        return CreateAll(configs, "policies", null, context, errors);
    }

    /// <param name="scope">The enclosing policies' names joined by '/', so a nested policy's budget is its own.</param>
    private static List<ITailSamplingPolicy> CreateAll(IReadOnlyList<PolicyConfig> configs, string path, string? scope, PolicyContext context, List<string> errors)
    {
        var policies = new List<ITailSamplingPolicy>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < configs.Count; i++)
        {
            var config = configs[i];
            var where = string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]") + (config.Name is { Length: > 0 } n ? $" '{n}'" : "");
            if (string.IsNullOrWhiteSpace(config.Name))
            {
                errors.Add($"{where}: name is required");
                continue;
            }

            if (!names.Add(config.Name))
            {
                errors.Add($"{where}: name is used by another policy");
                continue;
            }

            var before = errors.Count;
            var policy = Create(config, config.Name, scope is null ? config.Name : $"{scope}/{config.Name}", where, context, errors);
            if (policy is not null && errors.Count == before)
            {
                policies.Add(policy);
            }
        }

        return policies;
    }

    /// <summary>
    /// A composite and its sub-policies, in <c>policy_order</c> (which must then list every
    /// sub-policy once) or else as listed; allocations name sub-policies and add up to at most 100 %.
    /// </summary>
    private static CompositePolicy? Composite(
        string name, string key, string where, CompositeConfig k, PolicyContext context, List<string> errors, Action<string, string> fail)
    {
        var before = errors.Count;
        if (k.MaxTotalSpansPerSecond <= 0)
        {
            fail("max_total_spans_per_second", "must be positive");
        }

        if (k.SubPolicies.Count == 0)
        {
            fail("composite_sub_policy", "needs at least one policy");
            return null;
        }

        var subPolicies = CreateAll(k.SubPolicies, $"{where}: composite.composite_sub_policy", key, context, errors);
        List<string> listed = [.. k.SubPolicies.Select(p => p.Name).OfType<string>().Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
        var known = listed.ToHashSet(StringComparer.Ordinal);
        string NotASubPolicy(string? policy) => $"'{policy}' is not the name of a composite_sub_policy (one of {string.Join(", ", listed)})";

        var order = k.PolicyOrder.Count == 0 ? listed : k.PolicyOrder;
        var ordered = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < k.PolicyOrder.Count; i++)
        {
            var policy = k.PolicyOrder[i];
            if (!known.Contains(policy))
            {
                fail(Indexed("policy_order", i), NotASubPolicy(policy));
            }
            else if (!ordered.Add(policy))
            {
                fail(Indexed("policy_order", i), $"'{policy}' is listed twice");
            }
        }

        foreach (var missing in k.PolicyOrder.Count == 0 ? [] : listed.Where(n => !ordered.Contains(n)))
        {
            fail("policy_order", $"leaves out '{missing}' (list every composite_sub_policy, or leave policy_order out to evaluate them as listed)");
        }

        var percents = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < k.RateAllocation.Count; i++)
        {
            var allocation = k.RateAllocation[i];
            if (string.IsNullOrEmpty(allocation.Policy))
            {
                fail($"{Indexed("rate_allocation", i)}.policy", "is required");
            }
            else if (!known.Contains(allocation.Policy))
            {
                fail($"{Indexed("rate_allocation", i)}.policy", NotASubPolicy(allocation.Policy));
            }
            else if (!percents.TryAdd(allocation.Policy, allocation.Percent))
            {
                fail($"{Indexed("rate_allocation", i)}.policy", $"'{allocation.Policy}' has an allocation already");
            }

            if (allocation.Percent is < 0 or > 100)
            {
                fail($"{Indexed("rate_allocation", i)}.percent", "must be between 0 and 100");
            }
            else
            {
                total += allocation.Percent;
            }
        }

        if (total > 100)
        {
            fail("rate_allocation", string.Create(CultureInfo.InvariantCulture, $"the percentages add up to {total}, more than 100"));
        }

        if (errors.Count != before)
        {
            return null;
        }

        var allocations = CompositePolicy.Allocate(k.MaxTotalSpansPerSecond, listed, percents);
        var byName = subPolicies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var budget = context.Budgets.GetOrAdd(key, new BudgetShape(k.MaxTotalSpansPerSecond, fixedPartitions: allocations));
        return new CompositePolicy(name, [.. order.Select(n => byName[n])], budget);
    }

    private static string Indexed(string field, int index) => string.Create(CultureInfo.InvariantCulture, $"{field}[{index}]");

    private static ITailSamplingPolicy? Create(PolicyConfig c, string name, string key, string where, PolicyContext context, List<string> errors)
    {
        void Fail(string field, string problem) => errors.Add($"{where}: {c.Type}.{field}: {problem}");

        T? Section<T>(T? section)
            where T : class
        {
            if (section is null)
            {
                errors.Add($"{where}: type {c.Type} needs a '{c.Type}' section");
            }

            return section;
        }

        switch (c.Type)
        {
            case "always_sample":
                return new AlwaysSamplePolicy(name);
            case "never_sample":
                return new NeverSamplePolicy(name);
            case "latency" when Section(c.Latency) is { } l:
                if (l.ThresholdMs < 0)
                {
                    Fail("threshold_ms", "must not be negative");
                }

                if (l.UpperThresholdMs != 0 && l.UpperThresholdMs <= l.ThresholdMs)
                {
                    Fail("upper_threshold_ms", "must be above threshold_ms (or 0 for no upper bound)");
                }

                return new LatencyPolicy(name, l.ThresholdMs, l.UpperThresholdMs);
            case "status_code" when Section(c.StatusCode) is { } s:
                var codes = new List<SpanStatusCode>();
                foreach (var code in s.StatusCodes)
                {
                    if (code is "ERROR" or "OK" or "UNSET")
                    {
                        codes.Add(Enum.Parse<SpanStatusCode>(code, ignoreCase: true));
                    }
                    else
                    {
                        Fail("status_codes", $"'{code}' is not one of ERROR, OK, UNSET");
                    }
                }

                if (s.StatusCodes.Count == 0)
                {
                    Fail("status_codes", "needs at least one of ERROR, OK, UNSET");
                }

                return new StatusCodePolicy(name, codes);
            case "probabilistic" when Section(c.Probabilistic) is { } p:
                if (p.SamplingPercentage is < 0 or > 100 || double.IsNaN(p.SamplingPercentage))
                {
                    Fail("sampling_percentage", "must be between 0 and 100");
                    return null;
                }

                return new ProbabilisticPolicy(name, p.SamplingPercentage, p.HashSalt);
            case "string_attribute" when Section(c.StringAttribute) is { } s:
                RequireKey(s.Key);
                if (s.Values.Count == 0)
                {
                    Fail("values", "needs at least one value");
                }

                return PatternsUsable("values", s.Values, s.EnabledRegexMatching)
                    ? new StringAttributePolicy(name, s.Key ?? "", s.Values, s.EnabledRegexMatching, s.InvertMatch)
                    : null;
            case "rate_limiting" when Section(c.RateLimiting) is { } r:
                if (r.SpansPerSecond <= 0)
                {
                    return FailNull("spans_per_second", "must be positive");
                }

                if (r.SpansPerSecondPerService is { } perService && (perService <= 0 || perService > r.SpansPerSecond))
                {
                    return FailNull("spans_per_second_per_service", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and spans_per_second ({r.SpansPerSecond}), or left out"));
                }

                return new RateLimitingPolicy(name, context.Budgets.GetOrAdd(key, new BudgetShape(r.SpansPerSecond, r.SpansPerSecondPerService ?? 0)));
            case "composite" when Section(c.Composite) is { } k:
                return Composite(name, key, where, k, context, errors, Fail);
            case "service_operation" when Section(c.ServiceOperation) is { } so:
                if (so.Services.Count == 0 && so.Operations.Count == 0)
                {
                    Fail("services", "services or operations needs at least one value (to keep every trace, use always_sample)");
                    return null;
                }

                return PatternsUsable("services", so.Services, so.EnabledRegexMatching) & PatternsUsable("operations", so.Operations, so.EnabledRegexMatching)
                    ? new ServiceOperationPolicy(name, so.Services, so.Operations, so.EnabledRegexMatching, so.InvertMatch)
                    : null;
            case "numeric_attribute" when Section(c.NumericAttribute) is { } n:
                RequireKey(n.Key);
                if (n.MinValue is null && n.MaxValue is null)
                {
                    Fail("min_value", "min_value or max_value is required");
                }
                else if (n.MinValue > n.MaxValue)
                {
                    Fail("max_value", "must not be below min_value");
                }

                return new NumericAttributePolicy(name, n.Key ?? "", n.MinValue, n.MaxValue, n.InvertMatch);
            case "boolean_attribute" when Section(c.BooleanAttribute) is { } b:
                RequireKey(b.Key);
                return new BooleanAttributePolicy(name, b.Key ?? "", b.Value, b.InvertMatch);
            case "span_count" when Section(c.SpanCount) is { } s:
                if (s.MinSpans < 0)
                {
                    Fail("min_spans", "must not be negative");
                }

                if (s.MaxSpans != 0 && s.MaxSpans < s.MinSpans)
                {
                    Fail("max_spans", "must not be below min_spans (or 0 for no maximum)");
                }

                return new SpanCountPolicy(name, s.MinSpans, s.MaxSpans);
            case "trace_state" when Section(c.TraceState) is { } t:
                RequireKey(t.Key);
                if (t.Values.Count == 0)
                {
                    Fail("values", "needs at least one value");
                }

                return new TraceStatePolicy(name, t.Key ?? "", t.Values);
            case "and" when Section(c.And) is { } a:
                return a.SubPolicies.Count == 0
                    ? FailNull("and_sub_policy", "needs at least one policy")
                    : new AndPolicy(name, CreateAll(a.SubPolicies, $"{where}: and.and_sub_policy", key, context, errors));
            case "drop" when Section(c.Drop) is { } d:
                return d.SubPolicies.Count == 0
                    ? FailNull("drop_sub_policy", "needs at least one policy")
                    : new DropPolicy(name, CreateAll(d.SubPolicies, $"{where}: drop.drop_sub_policy", key, context, errors));
            case null or "":
                errors.Add($"{where}: type is required, one of {string.Join(", ", Types)}");
                return null;
            case var unknown when !Types.Contains(unknown):
                errors.Add($"{where}: type '{unknown}' is not one of {string.Join(", ", Types)}");
                return null;
            default:
                return null; // a known type whose section was missing: reported above
        }

        void RequireKey(string? key)
        {
            if (string.IsNullOrEmpty(key))
            {
                Fail("key", "is required");
            }
        }

        bool PatternsUsable(string field, List<string> values, bool regex)
        {
            var usable = true;
            foreach (var value in regex ? values : [])
            {
                if (ValueMatcher.Problem(value) is { } problem)
                {
                    Fail(field, $"'{value}' is not a usable regular expression: {problem}");
                    usable = false;
                }
            }

            return usable;
        }

        ITailSamplingPolicy? FailNull(string field, string problem)
        {
            Fail(field, problem);
            return null;
        }
    }
}
