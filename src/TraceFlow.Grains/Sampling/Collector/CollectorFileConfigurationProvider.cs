using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// Serves a Collector <c>tail_sampling</c> file's keys and follows the file. At start-up an
/// unreadable file throws, naming the file and the line; later, a bad edit (or the file
/// vanishing mid-save) is logged and counted and the previous keys stay, so sampling goes on
/// with the last good policies. Unlike the framework's file providers, which empty their data
/// on a failed reload (that would fall back to the default rules), nothing is lost.
/// </summary>
public sealed partial class CollectorFileConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly CollectorFileConfigurationSource source;
    private readonly Lock gate = new();
    private PhysicalFileProvider? files;
    private IDisposable? watch;
    private ILogger logger = NullLogger.Instance;
    private string? unloggedFailure;
    private bool loaded;

    public CollectorFileConfigurationProvider(CollectorFileConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        this.source = source;
    }

    public string Path => source.Path;

    /// <exception cref="InvalidDataException">At start-up: the file is missing, too large or malformed.</exception>
    public override void Load()
    {
        lock (gate)
        {
            if (loaded)
            {
                Reload();
                return;
            }

            Data = Read();
            loaded = true;
        }

        if (source.ReloadOnChange)
        {
            Watch();
        }
    }

    /// <summary>Logs reloads from now on, and a failure that happened before a logger was at hand.</summary>
    public void AttachLogger(ILogger reloadLogger)
    {
        ArgumentNullException.ThrowIfNull(reloadLogger);
        lock (gate)
        {
            logger = reloadLogger;
            if (unloggedFailure is not null)
            {
                LogReloadFailed(logger, unloggedFailure);
                unloggedFailure = null;
            }
        }
    }

    public void Dispose()
    {
        watch?.Dispose();
        files?.Dispose();
    }

    private void Watch()
    {
        var directory = System.IO.Path.GetDirectoryName(source.Path) ?? ".";
        var name = System.IO.Path.GetFileName(source.Path);

        // ExclusionFilters.None: the default filters would never report a change to a dot-file.
        files = new PhysicalFileProvider(directory, ExclusionFilters.None);
        watch = ChangeToken.OnChange(() => files.Watch(name), () =>
        {
            // Let an editor finish writing; the framework's file providers wait the same way.
            Thread.Sleep(source.ReloadDelay);
            lock (gate)
            {
                Reload();
            }
        });
    }

    private void Reload()
    {
        Dictionary<string, string?> data;
        try
        {
            data = Read();
        }
        catch (InvalidDataException ex)
        {
            GrainsMetrics.SamplingReloads.WithLabels("file_rejected").Inc();
            if (logger == NullLogger.Instance)
            {
                unloggedFailure = ex.Message;
            }
            else
            {
                LogReloadFailed(logger, ex.Message);
            }

            return;
        }

        if (data.Count == Data.Count && data.All(pair => Data.TryGetValue(pair.Key, out var value) && value == pair.Value))
        {
            return; // saved without a change
        }

        Data = data;
        LogReloaded(logger, source.Path, data.Count);
        OnReload();
    }

    private Dictionary<string, string?> Read()
    {
        string text;
        try
        {
            var file = new FileInfo(source.Path);
            if (!file.Exists)
            {
                throw new InvalidDataException($"{Where()}: the file does not exist");
            }

            if (file.Length > CollectorFileConfigurationSource.MaxFileBytes)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{Where()}: the file is larger than {CollectorFileConfigurationSource.MaxFileBytes} bytes"));
            }

            text = File.ReadAllText(source.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{Where()}: the file cannot be read: {ex.Message}", ex);
        }

        IReadOnlyDictionary<string, string?> block;
        try
        {
            block = CollectorDocument.ReadTailSampling(text, source.Format);
        }
        catch (CollectorDocumentException ex)
        {
            throw new InvalidDataException($"{Where()}, {ex.Message}", ex);
        }

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in block)
        {
            data[ConfigurationPath.Combine(source.Prefix, key)] = value;
        }

        return data;
    }

    private string Where() => $"{TailSamplingOptions.SectionName}:File '{source.Path}'";

    [LoggerMessage(1, LogLevel.Information, "Tail-sampling file {Path} changed; {KeyCount} settings read")]
    private static partial void LogReloaded(ILogger logger, string path, int keyCount);

    [LoggerMessage(2, LogLevel.Error, "Tail-sampling file change not applied, the previous settings stay: {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string error);
}
