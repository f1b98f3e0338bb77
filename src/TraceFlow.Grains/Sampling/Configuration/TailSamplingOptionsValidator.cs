using Microsoft.Extensions.Options;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>Rejects a policy list with any problem, naming each policy and field, so a bad configuration fails at start-up.</summary>
public sealed class TailSamplingOptionsValidator : IValidateOptions<TailSamplingOptions>
{
    public ValidateOptionsResult Validate(string? name, TailSamplingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        PolicyFactory.Create(options.Policies, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
