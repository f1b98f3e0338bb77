using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>
/// Reads the Collector's <c>tail_sampling</c> lifecycle settings from <c>TraceFlow:Sampling</c>
/// (<c>decision_wait</c>, <c>num_traces</c>, <c>decision_cache</c>, and TraceFlow's
/// <c>early_decision_wait</c>) over the <c>TraceFlow:Traces</c> values, so a pasted Collector
/// block means the same here. They apply at start-up; policies are what reloads.
/// </summary>
internal sealed class CollectorLifecycleSettings(IConfiguration configuration) : IConfigureOptions<TraceGrainOptions>
{
    public void Configure(TraceGrainOptions options)
    {
        var section = configuration.GetSection(TailSamplingOptions.SectionName);
        var errors = new List<string>();
        if (Duration(section, "decision_wait", errors) is { } wait)
        {
            options.DecisionWait = wait;
        }

        if (Duration(section, "early_decision_wait", errors) is { } early)
        {
            options.EarlyDecisionWait = early;
        }

        if (Count(section, "num_traces", errors) is { } traces)
        {
            options.MaxLiveTraces = traces;
        }

        if (Count(section, "decision_cache:sampled_cache_size", errors) is { } kept)
        {
            options.KeptDecisionCacheSize = kept;
        }

        if (Count(section, "decision_cache:non_sampled_cache_size", errors) is { } dropped)
        {
            options.DroppedDecisionCacheSize = dropped;
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(TailSamplingOptions.SectionName, typeof(TraceGrainOptions), errors);
        }
    }

    private static TimeSpan? Duration(IConfigurationSection section, string key, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        if (GoDuration.TryParse(text, out var duration))
        {
            return duration;
        }

        errors.Add($"{section.Path}:{key}: '{text}' is not a duration (like 10s, 500ms or 00:00:10)");
        return null;
    }

    private static int? Count(IConfigurationSection section, string key, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return null;
        }

        // YAML allows digit separators (100_000), as the Collector's examples use.
        if (int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
        {
            return count;
        }

        errors.Add($"{section.Path}:{key}: '{text}' is not a positive whole number");
        return null;
    }
}
