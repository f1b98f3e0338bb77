using TraceFlow.LoadGen.Cli;
using TraceFlow.LoadGen.Measurement;
using TraceFlow.LoadGen.Running;
using TraceFlow.LoadGen.Verification;

namespace TraceFlow.LoadGen;

/// <summary>Entry point; a named class so tests can reference this project beside the gateway's <c>Program</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "verify")
        {
            return await VerifyAsync(args[1..]).ConfigureAwait(false);
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
    /// <c>verify --target URL --traces FILE [--drain-timeout SECONDS]</c>: after a run, zero loss
    /// or not (exit code 1), checked against the collector's API and metrics.
    /// </summary>
    private static async Task<int> VerifyAsync(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i && i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var drainSeconds = 60;
        if (Value("--target") is not { } target || !Uri.TryCreate(target, UriKind.Absolute, out var collector) || Value("--traces") is not { } tracesFile
            || (Value("--drain-timeout") is { } drain && (!int.TryParse(drain, System.Globalization.CultureInfo.InvariantCulture, out drainSeconds) || drainSeconds <= 0)))
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
