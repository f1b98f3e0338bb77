using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Collector;

public static class CollectorFileConfigurationExtensions
{
    /// <summary>The setting (env <c>TraceFlow__Sampling__File</c>) naming a Collector tail_sampling file.</summary>
    public const string FileKey = TailSamplingOptions.SectionName + ":File";

    /// <summary>
    /// When <c>TraceFlow:Sampling:File</c> is set, adds that file (YAML, or JSON for
    /// <c>.json</c>) as a watched source whose <c>tail_sampling</c> keys appear under
    /// <c>TraceFlow:Sampling</c>. Added last, so the file's keys win over other sources.
    /// </summary>
    /// <param name="baseDirectory">What a relative path is relative to (the content root).</param>
    /// <exception cref="InvalidDataException">The file is missing or malformed; the message names it and the line.</exception>
    public static IConfigurationManager AddTailSamplingFile(this IConfigurationManager configuration, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var path = configuration[FileKey];
        if (!string.IsNullOrWhiteSpace(path))
        {
            configuration.Add(new CollectorFileConfigurationSource { Path = Path.GetFullPath(path, baseDirectory) });
        }

        return configuration;
    }
}
