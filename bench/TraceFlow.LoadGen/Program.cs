using TraceFlow.LoadGen.Cli;
using TraceFlow.LoadGen.Measurement;
using TraceFlow.LoadGen.Running;

namespace TraceFlow.LoadGen;

/// <summary>Entry point; a named class so tests can reference this project beside the gateway's <c>Program</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
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
}
