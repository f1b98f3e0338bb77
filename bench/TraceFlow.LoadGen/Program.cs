using TraceFlow.LoadGen.Cli;
using TraceFlow.LoadGen.Measurement;
using TraceFlow.LoadGen.Plotting;
using TraceFlow.LoadGen.Running;
using TraceFlow.LoadGen.Verification;

namespace TraceFlow.LoadGen;

/// <summary>Entry point; a named class so tests can reference this project beside the gateway's <c>Program</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : null)
        {
            case "verify":
                return await VerifyAsync(args[1..]).ConfigureAwait(false);
            case "memory":
                return await MemoryAsync(args[1..]).ConfigureAwait(false);
            case "plot":
                return await PlotAsync(args[1..]).ConfigureAwait(false);
        }

        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(OptionsParser.Usage);
            return 0;
        }

        if (!OptionsParser.TryParse(args, out var options, out var errors))
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync("error: " + error).ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync(OptionsParser.Usage).ConfigureAwait(false);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        var result = await new LoadRunner(options, Console.Out, TimeProvider.System).RunAsync(cancel.Token).ConfigureAwait(false);
        Console.WriteLine(ReportWriter.SummaryTable(result.Summary));
        if (options.TracesOut is { } tracesOut)
        {
            await ReportWriter.WriteTracesAsync(tracesOut, result.Traces, CancellationToken.None).ConfigureAwait(false);
        }

        if (options.JsonOut is { } jsonOut)
        {
            await ReportWriter.WriteJsonAsync(jsonOut, result.Summary, options.TracesOut, CancellationToken.None).ConfigureAwait(false);
        }

        return result.Summary.Totals.Errors > 0 ? 1 : 0;
    }

    /// <summary>
    /// <c>memory --target URL</c>: the collector's <c>/debug/memory</c> snapshot (heap after a
    /// full collection, live and stored spans) as one JSON line; the benchmark takes three.
    /// </summary>
    private static async Task<int> MemoryAsync(string[] args)
    {
        if (Value(args, "--target") is not { } target || !Uri.TryCreate(target, UriKind.Absolute, out var collector))
        {
            await Console.Error.WriteLineAsync("usage: TraceFlow.LoadGen memory --target URL").ConfigureAwait(false);
            return 2;
        }

        using var http = new HttpClient { BaseAddress = collector, Timeout = TimeSpan.FromMinutes(2) };
        using var response = await http.GetAsync(new Uri("/debug/memory", UriKind.Relative)).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"GET /debug/memory: {(int)response.StatusCode} (start the collector with TraceFlow__Diagnostics__MemoryEndpoint=true)").ConfigureAwait(false);
            return 1;
        }

        Console.WriteLine(body);
        return 0;
    }

    /// <summary><c>plot --run NAME=FILE [--run NAME=FILE ...] --out FILE.svg</c>.</summary>
    private static async Task<int> PlotAsync(string[] args)
    {
        var runs = new List<(string Name, string Path)>();
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--run" && args[i + 1].Split('=', 2) is [var name, var path] && File.Exists(path))
            {
                runs.Add((name, path));
            }
        }

        if (runs.Count == 0 || Value(args, "--out") is not { } output)
        {
            await Console.Error.WriteLineAsync("usage: TraceFlow.LoadGen plot --run NAME=FILE [--run NAME=FILE ...] --out FILE.svg").ConfigureAwait(false);
            return 2;
        }

        await File.WriteAllTextAsync(output, await RunPlot.RenderAsync(runs, CancellationToken.None).ConfigureAwait(false)).ConfigureAwait(false);
        return 0;
    }

    private static string? Value(string[] args, string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>
    /// <c>verify --target URL --traces FILE [--drain-timeout SECONDS]</c>: after a run, zero loss
    /// or not (exit code 1), checked against the collector's API and metrics.
    /// </summary>
    private static async Task<int> VerifyAsync(string[] args)
    {
        var drainSeconds = 60;
        if (Value(args, "--target") is not { } target || !Uri.TryCreate(target, UriKind.Absolute, out var collector) || Value(args, "--traces") is not { } tracesFile
            || (Value(args, "--drain-timeout") is { } drain && (!int.TryParse(drain, System.Globalization.CultureInfo.InvariantCulture, out drainSeconds) || drainSeconds <= 0)))
        {
            await Console.Error.WriteLineAsync("usage: TraceFlow.LoadGen verify --target URL --traces FILE [--drain-timeout SECONDS]").ConfigureAwait(false);
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = collector };
        var sent = await LossVerifier.ReadTraceListAsync(tracesFile, CancellationToken.None).ConfigureAwait(false);
        var report = await new LossVerifier(http, TimeProvider.System).VerifyAsync(sent, TimeSpan.FromSeconds(drainSeconds), 8, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine(report);
        return report.ZeroLoss ? 0 : 1;
    }
}
