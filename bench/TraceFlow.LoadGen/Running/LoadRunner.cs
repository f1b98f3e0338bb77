using System.Globalization;
using TraceFlow.LoadGen.Cli;
using TraceFlow.LoadGen.Generation;
using TraceFlow.LoadGen.Measurement;
using TraceFlow.LoadGen.Preparation;
using TraceFlow.LoadGen.Sending;

namespace TraceFlow.LoadGen.Running;

/// <summary>
/// Runs <c>--connections</c> worker loops for the duration, printing one progress line a second.
/// The workers send one shared prepared cycle of requests with fresh trace ids each pass, so the
/// generator's cost stays small beside the collector's on a shared machine. When time is up every
/// worker finishes its pass (without pacing), so each started trace was offered whole.
/// </summary>
internal sealed class LoadRunner(LoadGenOptions options, TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan DefaultBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(30);

    private readonly RunCounters counters = new();
    private readonly LatencyHistogram total = new();
    private readonly LatencyHistogram second = new();

    public async Task<LoadRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var random = options.Seed is { } seed ? new Random(seed) : new Random();
        var prefix = (ulong)Random.Shared.NextInt64() | 1UL << 62;
        var salt = (ulong)Random.Shared.NextInt64();
        var shape = new TraceShape(options.SpansPerTrace, options.Services, options.Attributes, options.ErrorFraction, options.SlowFraction, LoadGenOptions.CollectorSlowThreshold);
        var pacer = new RatePacer(options.Rate, time);
        using var senders = new SenderFactory(options);
        using var encoder = senders.CreateEncoder();
        var cycles = new PreparedCycleSource(new PreparedCycleBuilder(shape, options.BatchSpans, options.Interleave, encoder, new Random(random.Next()), time), time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var traces = new List<TraceRecord>[options.Connections];
        var started = time.GetTimestamp();
        var workers = new Task[options.Connections];
        for (var w = 0; w < options.Connections; w++)
        {
            traces[w] = [];
            var requests = new PreparedRequestStream(cycles, new TraceIdSource(prefix, salt, w, options.Connections), traces[w].Add);
            var sender = senders.Create();
            workers[w] = Task.Run(() => WorkAsync(requests, sender, pacer, stop.Token, abort.Token), CancellationToken.None);
        }

        var series = new List<SecondSample>();
        var progress = ReportProgressAsync(started, series, stop.Token);
        try
        {
            await Task.Delay(options.Duration, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: drain and report what was sent.
        }

        await stop.CancelAsync().ConfigureAwait(false);
        abort.CancelAfter(DrainGrace);
        await Task.WhenAll(workers).ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started).TotalSeconds;
        var records = traces.SelectMany(t => t).ToList();
        var summary = new RunSummary(
            ProtocolName(options.Protocol) + (options.DryRun ? " (dry run)" : string.Empty),
            elapsed,
            counters.Snapshot(),
            records.Count,
            records.Count(r => r.HasError),
            records.Count(r => r.IsSlow),
            total.Percentile(0.50),
            total.Percentile(0.99),
            total.Max,
            series);
        return new LoadRunResult(summary, records);
    }

    public static string ProtocolName(Protocol protocol) => protocol switch
    {
        Protocol.Json => "json",
        Protocol.OtlpHttp => "otlp-http",
        _ => "otlp-grpc",
    };

    private async Task WorkAsync(PreparedRequestStream requests, ISpanSender sender, RatePacer pacer, CancellationToken stop, CancellationToken abort)
    {
        using var _ = sender;
        while (!stop.IsCancellationRequested)
        {
            var body = requests.Next(out var spans);
            try
            {
                await pacer.WaitAsync(spans, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Time is up: this batch still goes out with the drain.
            }

            var backoff = await SendAsync(sender, requests, body, spans, abort).ConfigureAwait(false);
            if (backoff > TimeSpan.Zero && !stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(backoff, time, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        while (requests.InPass && !abort.IsCancellationRequested)
        {
            var body = requests.Next(out var spans);
            await SendAsync(sender, requests, body, spans, abort).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the request <paramref name="requests"/> last returned and records it; returns how long this worker should back off.</summary>
    private async Task<TimeSpan> SendAsync(ISpanSender sender, PreparedRequestStream requests, ReadOnlyMemory<byte> body, int spans, CancellationToken abort)
    {
        if (options.DryRun)
        {
            counters.Record(spans, spans, 0, 0, false);
            requests.Accept();

            // Nothing else awaits in a dry run: without this, busy workers starve the timers that end the run.
            await Task.Yield();
            return TimeSpan.Zero;
        }

        var begin = time.GetTimestamp();
        SendOutcome outcome;
        try
        {
            outcome = await sender.SendAsync(body, spans, abort).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or Grpc.Core.RpcException or IOException)
        {
            outcome = SendOutcome.Error();
        }

        var latency = time.GetElapsedTime(begin);
        total.Record(latency);
        second.Record(latency);
        counters.Record(spans, outcome.Accepted, outcome.Rejected, outcome.Shed, outcome.Failed);

        // Partial success does not say which spans were refused: credit none rather than guess.
        if (outcome.Accepted > 0 && outcome.Rejected == 0)
        {
            requests.Accept();
        }

        if (outcome.Shed > 0 && !options.IgnoreRetryAfter)
        {
            var wait = outcome.RetryAfter ?? DefaultBackoff;
            return wait <= TimeSpan.Zero ? DefaultBackoff : wait > MaxBackoff ? MaxBackoff : wait;
        }

        // A failed request (collector down, timeout) also backs off briefly, so errors do not spin.
        return outcome.Failed ? TimeSpan.FromMilliseconds(100) : TimeSpan.Zero;
    }

    private async Task ReportProgressAsync(long started, List<SecondSample> series, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        var previous = counters.Snapshot();
        var previousAt = started;
        var scratch = new LatencyHistogram();
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var now = time.GetTimestamp();
                var current = counters.Snapshot();
                var delta = current - previous;
                var seconds = time.GetElapsedTime(previousAt, now).TotalSeconds;
                scratch.Drain(second);
                var sample = new SecondSample(
                    time.GetElapsedTime(started, now).TotalSeconds,
                    delta.Offered / seconds,
                    delta.Accepted / seconds,
                    delta.Shed / seconds,
                    delta.Rejected,
                    delta.Errors,
                    delta.Requests,
                    scratch.Percentile(0.50),
                    scratch.Percentile(0.99));
                scratch = new LatencyHistogram();
                series.Add(sample);
                await output.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{sample.ElapsedSeconds,6:F1}s  offered {sample.OfferedPerSecond,9:F0}/s  accepted {sample.AcceptedPerSecond,9:F0}/s  shed {sample.ShedPerSecond,8:F0}/s  rejected {sample.Rejected,5}  errors {sample.Errors,4}  p50 {sample.P50.TotalMilliseconds,7:F2} ms  p99 {sample.P99.TotalMilliseconds,7:F2} ms")).ConfigureAwait(false);
                previous = current;
                previousAt = now;
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }
}
