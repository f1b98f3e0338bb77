using System.Globalization;
using System.Net;
using System.Text.Json;

namespace TraceFlow.LoadGen.Verification;

/// <summary>
/// After a run: waits until the collector has decided every live trace and written every kept
/// one, then asks it for each trace that was sent whole and compares span counts.
/// </summary>
internal sealed class LossVerifier(HttpClient collector, TimeProvider time)
{
    public async Task<LossReport> VerifyAsync(IReadOnlyList<SentTrace> sent, TimeSpan drainTimeout, int concurrency, CancellationToken cancellationToken)
    {
        var drained = await WaitForDrainAsync(drainTimeout, cancellationToken).ConfigureAwait(false);
        long stored = 0, spansSent = 0, spansStored = 0;
        var next = -1;
        var whole = sent.Where(t => t.AcceptedSpans == t.SpanCount).ToArray();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < whole.Length)
            {
                var count = await StoredSpanCountAsync(whole[index].TraceId, cancellationToken).ConfigureAwait(false);
                if (count is { } spans)
                {
                    Interlocked.Increment(ref stored);
                    Interlocked.Add(ref spansSent, whole[index].SpanCount);
                    Interlocked.Add(ref spansStored, spans);
                }
            }
        })).ConfigureAwait(false);

        var metrics = await ReadMetricsAsync(cancellationToken).ConfigureAwait(false);
        return new LossReport(sent.Count, (long)metrics.Kept, stored, (long)metrics.Evicted, spansSent, spansStored, drained);
    }

    public static async Task<IReadOnlyList<SentTrace>> ReadTraceListAsync(string path, CancellationToken cancellationToken)
    {
        var traces = new List<SentTrace>();
        foreach (var line in (await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false)).Skip(1))
        {
            var fields = line.Split('\t');
            if (fields.Length >= 3)
            {
                traces.Add(new SentTrace(fields[0], int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture)));
            }
        }

        return traces;
    }

    /// <summary>No live trace left and an empty write queue, seen twice a second apart.</summary>
    private async Task<bool> WaitForDrainAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var quietChecks = 0;
        while (time.GetUtcNow() < deadline)
        {
            var metrics = await ReadMetricsAsync(cancellationToken).ConfigureAwait(false);
            quietChecks = metrics.Live == 0 && metrics.WriteQueue == 0 ? quietChecks + 1 : 0;
            if (quietChecks >= 2)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    private async Task<int?> StoredSpanCountAsync(string traceId, CancellationToken cancellationToken)
    {
        using var response = await collector.GetAsync(new Uri($"/api/traces/{traceId}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        return body.RootElement.GetProperty("span_count").GetInt32();
    }

    private async Task<(double Live, double WriteQueue, double Kept, double Evicted)> ReadMetricsAsync(CancellationToken cancellationToken)
    {
        var text = await collector.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        double live = 0, queue = 0, kept = 0, evicted = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || line.LastIndexOf(' ') is var space && space < 0
                || !double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            if (line.StartsWith("traceflow_traces_live ", StringComparison.Ordinal))
            {
                live = value;
            }
            else if (line.StartsWith("traceflow_writer_queue_length", StringComparison.Ordinal))
            {
                queue += value;
            }
            else if (line.StartsWith("traceflow_sampling_decisions_total{decision=\"kept\"", StringComparison.Ordinal))
            {
                kept += value;
            }
            else if (line.StartsWith("traceflow_store_evicted_traces_total ", StringComparison.Ordinal))
            {
                evicted = value;
            }
        }

        return (live, queue, kept, evicted);
    }
}
