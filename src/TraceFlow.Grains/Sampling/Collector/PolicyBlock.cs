using Microsoft.Extensions.Configuration;
using TraceFlow.Grains.Sampling.Configuration;

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// Builds a policy set from a <c>tail_sampling</c> block's keys with the same binding and
/// checks as <c>TraceFlow:Sampling</c> at start-up, so a preview reports exactly what a
/// configuration change would (<c>policies[0] 'errors': status_code.status_codes: ...</c>).
/// </summary>
public static class PolicyBlock
{
    /// <returns>The set, or null with every problem added to <paramref name="errors"/>.</returns>
    public static PolicySet? Build(IReadOnlyDictionary<string, string?> block, PolicyContext context, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(errors);
        var section = new ConfigurationBuilder().AddInMemoryCollection(block).Build();
        var options = new TailSamplingOptions();
        TailSamplingOptions.Bind(options, section);
        if (options.Policies.Count == 0 && options.BindingErrors.Count == 0)
        {
            // Without a list the seed's rules would apply, which is not what a pasted block means.
            errors.Add("policies: a list of at least one policy is required");
            return null;
        }

        return PolicySet.Build(options, context, errors);
    }
}
