using Microsoft.Extensions.Configuration;
using TraceFlow.Grains.Sampling.Configuration;

namespace TraceFlow.Grains.Sampling;

/// <summary>The seed's three tail-sampling rules, keep-all for the local profile, or a Collector-style policy list.</summary>
public sealed class TailSamplingOptions
{
    public const string SectionName = "TraceFlow:Sampling";

    public const double DefaultSampleRate = 0.1;
    public static readonly TimeSpan DefaultSlowThreshold = TimeSpan.FromSeconds(1);

    /// <summary>Keep every trace (the local profile). Overrides the rules below, but not a <see cref="Policies"/> list.</summary>
    public bool KeepAll { get; set; }

    /// <summary>Keep traces with at least one error span.</summary>
    public bool KeepErrors { get; set; } = true;

    /// <summary>Keep traces at least this long end to end; zero turns the rule off.</summary>
    public TimeSpan SlowThreshold { get; set; } = DefaultSlowThreshold;

    /// <summary>Fraction of the remaining traces kept, chosen by trace-id hash.</summary>
    public double SampleRate { get; set; } = DefaultSampleRate;

    /// <summary>Salt for the trace-id hash; change it to pick a different sample of ids.</summary>
    public string HashSalt { get; set; } = "";

    /// <summary>
    /// A policy list in the OpenTelemetry Collector's <c>tail_sampling</c> form. When given, it
    /// replaces every rule above, <see cref="KeepAll"/> included.
    /// </summary>
    public List<PolicyConfig> Policies { get; set; } = [];

    /// <summary>
    /// A Collector configuration file (YAML, or JSON for <c>.json</c>) whose <c>tail_sampling</c>
    /// block supplies this section; watched. Read by the configuration source when the host
    /// starts (see <see cref="Collector.CollectorFileConfigurationExtensions"/>), shown here for completeness.
    /// </summary>
    public string? File { get; set; }

    /// <summary>Values the configuration binder could not convert, reported as validation errors.</summary>
    internal List<string> BindingErrors { get; } = [];

    /// <summary>
    /// Binds <paramref name="section"/> without throwing: a value of the wrong type becomes a
    /// validation error, so a bad edit to a reloaded file is rejected like any other.
    /// </summary>
    internal static void Bind(TailSamplingOptions options, IConfiguration section)
    {
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            options.BindingErrors.Add(ex.Message);
        }

        PolicyBindingCheck.Check(section.GetSection("Policies"), "policies", options.BindingErrors);
    }
}
