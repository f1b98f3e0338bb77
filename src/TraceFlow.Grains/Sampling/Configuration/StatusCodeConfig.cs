using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>status_code</c>: <c>status_codes</c>, any of ERROR, OK, UNSET.</summary>
public sealed class StatusCodeConfig
{
    [ConfigurationKeyName("status_codes")] public List<string> StatusCodes { get; set; } = [];
}
