using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary><c>probabilistic</c>: <c>sampling_percentage</c> (0–100) and <c>hash_salt</c>.</summary>
public sealed class ProbabilisticConfig
{
    [ConfigurationKeyName("sampling_percentage")] public double SamplingPercentage { get; set; }

    [ConfigurationKeyName("hash_salt")] public string HashSalt { get; set; } = "";
}
