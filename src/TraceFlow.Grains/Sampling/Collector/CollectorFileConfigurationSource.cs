using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// A YAML or JSON file holding a Collector <c>tail_sampling</c> block (or a whole Collector
/// configuration), whose keys appear under <see cref="Prefix"/> as they are spelled there.
/// </summary>
public sealed class CollectorFileConfigurationSource : IConfigurationSource
{
    /// <summary>Files larger than this are refused: a policy list is a few kilobytes.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>The file's full path.</summary>
    public required string Path { get; init; }

    /// <summary>Where the block's keys appear in configuration.</summary>
    public string Prefix { get; init; } = TailSamplingOptions.SectionName;

    /// <summary>Watch the file and reload when it changes.</summary>
    public bool ReloadOnChange { get; init; } = true;

    /// <summary>Quiet time after a change before the file is read, so an editor's several writes make one reload.</summary>
    public TimeSpan ReloadDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>JSON for a <c>.json</c> file, YAML otherwise.</summary>
    public CollectorFormat Format => System.IO.Path.GetExtension(Path).Equals(".json", StringComparison.OrdinalIgnoreCase)
        ? CollectorFormat.Json
        : CollectorFormat.Yaml;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new CollectorFileConfigurationProvider(this);
}
