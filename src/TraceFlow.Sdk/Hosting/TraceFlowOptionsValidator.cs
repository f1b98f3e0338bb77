using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TraceFlow.Sdk.Hosting;

/// <summary>Fails start-up with a message naming the option, rather than failing the first export.</summary>
internal sealed class TraceFlowOptionsValidator : IValidateOptions<TraceFlowOptions>
{
    public ValidateOptionsResult Validate(string? name, TraceFlowOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (ValidationException exception)
        {
            return ValidateOptionsResult.Fail($"{TraceFlowOptions.SectionName}: {exception.Message}");
        }
    }
}
