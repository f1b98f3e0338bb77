using System.Globalization;
using System.Text.Json;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Measurement;

/// <summary>The end-of-run outputs: the summary table, the JSON result and the trace list.</summary>
internal static class ReportWriter
{
    public static string SummaryTable(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var t = summary.Totals;
        var c = CultureInfo.InvariantCulture;
        return string.Join(Environment.NewLine,
        [
            string.Empty,
            string.Create(c, $"== TraceFlow.LoadGen summary ({summary.Protocol}, {summary.ElapsedSeconds:F1} s) =="),
            "metric                    value",
            "------------------------  ---------------",
            string.Create(c, $"offered spans/s           {summary.OfferedPerSecond,15:F0}"),
            string.Create(c, $"accepted spans/s          {summary.AcceptedPerSecond,15:F0}"),
            string.Create(c, $"offered spans             {t.Offered,15}"),
            string.Create(c, $"accepted spans            {t.Accepted,15}"),
            string.Create(c, $"rejected spans            {t.Rejected,15}"),
            string.Create(c, $"shed spans (429/503)      {t.Shed,15}"),
            string.Create(c, $"failed requests           {t.Errors,15}"),
            string.Create(c, $"requests                  {t.Requests,15}"),
            string.Create(c, $"traces (error / slow)     {summary.Traces,7} ({summary.ErrorTraces} / {summary.SlowTraces})"),
            string.Create(c, $"latency p50 ms            {summary.P50.TotalMilliseconds,15:F2}"),
            string.Create(c, $"latency p99 ms            {summary.P99.TotalMilliseconds,15:F2}"),
            string.Create(c, $"latency max ms            {summary.Max.TotalMilliseconds,15:F2}"),
            string.Empty,
        ]);
    }

    public static async Task WriteJsonAsync(string path, RunSummary summary, string? tracesPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            await using (json.ConfigureAwait(false))
            {
                var t = summary.Totals;
                json.WriteStartObject();
                json.WriteString("protocol", summary.Protocol);
                json.WriteNumber("elapsed_s", summary.ElapsedSeconds);
                json.WriteNumber("offered_spans_per_s", summary.OfferedPerSecond);
                json.WriteNumber("accepted_spans_per_s", summary.AcceptedPerSecond);
                json.WriteNumber("offered_spans", t.Offered);
                json.WriteNumber("accepted_spans", t.Accepted);
                json.WriteNumber("rejected_spans", t.Rejected);
                json.WriteNumber("shed_spans", t.Shed);
                json.WriteNumber("failed_requests", t.Errors);
                json.WriteNumber("requests", t.Requests);
                json.WriteNumber("traces", summary.Traces);
                json.WriteNumber("error_traces", summary.ErrorTraces);
                json.WriteNumber("slow_traces", summary.SlowTraces);
                json.WriteNumber("latency_p50_ms", summary.P50.TotalMilliseconds);
                json.WriteNumber("latency_p99_ms", summary.P99.TotalMilliseconds);
                json.WriteNumber("latency_max_ms", summary.Max.TotalMilliseconds);
                if (tracesPath is not null)
                {
                    json.WriteString("traces_file", tracesPath);
                }

                json.WriteStartArray("per_second");
                foreach (var s in summary.Series)
                {
                    json.WriteStartObject();
                    json.WriteNumber("elapsed_s", Math.Round(s.ElapsedSeconds, 3));
                    json.WriteNumber("offered_per_s", Math.Round(s.OfferedPerSecond, 1));
                    json.WriteNumber("accepted_per_s", Math.Round(s.AcceptedPerSecond, 1));
                    json.WriteNumber("shed_per_s", Math.Round(s.ShedPerSecond, 1));
                    json.WriteNumber("rejected", s.Rejected);
                    json.WriteNumber("errors", s.Errors);
                    json.WriteNumber("requests", s.Requests);
                    json.WriteNumber("p50_ms", s.P50.TotalMilliseconds);
                    json.WriteNumber("p99_ms", s.P99.TotalMilliseconds);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One line per trace: <c>trace_id  span_count  accepted_spans  error  slow</c>, with a header line.</summary>
    public static async Task WriteTracesAsync(string path, IEnumerable<TraceRecord> traces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traces);
        var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync("trace_id\tspan_count\taccepted_spans\terror\tslow".AsMemory(), cancellationToken).ConfigureAwait(false);
            foreach (var trace in traces)
            {
                await writer.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{trace.Id}\t{trace.SpanCount}\t{trace.AcceptedSpans}\t{(trace.HasError ? 1 : 0)}\t{(trace.IsSlow ? 1 : 0)}").AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
