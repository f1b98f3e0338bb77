using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// Buffers the spans of one live trace and decides it once it has been quiet for the
/// decision wait (or has lived too long). Kept traces go to the silo's write queue; the
/// decision is remembered so late spans follow it, and the activation then retires.
/// </summary>
/// <remarks>
/// Hash placement puts every activation of a trace on the same silo (while membership is
/// stable), which is what lets the per-silo <see cref="DecisionCache"/> answer for late spans.
/// Trace grains are exempt from idle collection: every path retires the activation itself
/// (decided, late spans followed, or refused), and leaving the collector out saves a
/// registration per activation and a reschedule per call.
/// </remarks>
[Orleans.Placement.HashBasedPlacement]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed partial class TraceGrain(
    IOptions<TraceGrainOptions> options,
    TailSampler sampler,
    DecisionCache decisions,
    LiveTraceLimiter liveTraces,
    SiloStatsAggregator stats,
    TraceWriteQueue writeQueue,
    DecisionWheel wheel,
    TimeProvider time,
    ILogger<TraceGrain> logger) : Grain, ITraceGrain, IDecisionWheelTarget
{
    private readonly TraceGrainOptions settings = options.Value;
    private readonly LiveSpanBuffer spans = new();
    private string grainKey = string.Empty;
    private TraceKey key;
    private SamplingDecision? decision;
    private bool onWheel;
    private volatile bool retired;
    private bool isLive;
    private DateTimeOffset firstSpanAt;
    private DateTimeOffset lastSpanAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        grainKey = this.GetPrimaryKeyString();
        key = TraceKey.Parse(grainKey);
        decision = decisions.Find(grainKey);
        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Shutdown or collection before the decision time: decide now rather than lose the spans.
        if (decision is null && spans.Count > 0)
        {
            Decide();
        }

        retired = true;

        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    Task<SpanBatchResult> ITraceGrain.AddSpansAsync(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (decision is not null)
        {
            return Task.FromResult(FollowDecision(batch, decision));
        }

        if (!isLive)
        {
            if (!liveTraces.TryEnter())
            {
                DeactivateOnIdle();
                return Task.FromResult(SpanBatchResult.Refused);
            }

            isLive = true;
            firstSpanAt = time.GetUtcNow();
        }

        var added = new List<SpanHeader>();
        var tooLarge = 0;
        List<int>? keptIndexes = null; // only when some spans of the pack are not kept
        var index = 0;
        foreach (var header in SpanPack.Headers(batch.Packed))
        {
            var duplicate = spans.Contains(header.Identity); // a client retry: already counted
            var full = !duplicate && spans.Count >= settings.MaxSpansPerTrace;
            if (duplicate || full)
            {
                tooLarge += full ? 1 : 0;
                keptIndexes ??= [.. Enumerable.Range(0, index)];
            }
            else
            {
                spans.Add(header);
                added.Add(header);
                keptIndexes?.Add(index);
            }

            index++;
        }

        if (added.Count > 0)
        {
            spans.AddPack(keptIndexes is null ? batch.Packed : Repack(batch.Packed, keptIndexes));
            GrainsMetrics.LiveSpans.Inc(added.Count);
        }

        RecordReceived(added, tooLarge);
        lastSpanAt = time.GetUtcNow();
        if (!onWheel)
        {
            onWheel = true;
            wheel.Schedule(this, settings.DecisionWait);
        }

        // index counted the spans in the pack: the batch carries no separate count to trust.
        return Task.FromResult(new SpanBatchResult { Accepted = index - tooLarge, TooLarge = tooLarge });
    }

    void IDecisionWheelTarget.OnDecisionDue()
    {
        if (!retired)
        {
            GrainContext.Scheduler.QueueAction(static grain => ((TraceGrain)grain).CheckDecisionDue(), this);
        }
    }

    /// <summary>On the grain's scheduler: decide if the trace has been quiet long enough (or lived too long).</summary>
    private void CheckDecisionDue()
    {
        onWheel = false;
        if (decision is not null || retired)
        {
            return;
        }

        var now = time.GetUtcNow();
        var quietFor = now - lastSpanAt;
        var age = now - firstSpanAt;
        if (quietFor < settings.DecisionWait && age < settings.MaxTraceLifetime)
        {
            var next = settings.DecisionWait - quietFor;
            var untilMaxAge = settings.MaxTraceLifetime - age;
            onWheel = true;
            wheel.Schedule(this, next < untilMaxAge ? next : untilMaxAge);
            return;
        }

        Decide();
        DeactivateOnIdle();
    }

    private void Decide()
    {
        var trace = new SampledTrace(
            key.TraceId, spans.Count, spans.StartUnixNanos, spans.EndUnixNanos - spans.StartUnixNanos, spans.HasError, () => spans.Unpack(key.TraceId));
        var outcome = sampler.Decide(trace);
        decision = outcome;
        decisions.Remember(grainKey, outcome);
        stats.RecordTrace(trace.DurationNanos, outcome);
        GrainsMetrics.SamplingDecisions.WithLabels(outcome.Keep ? "kept" : "dropped", outcome.Policy).Inc();
        if (outcome.Keep)
        {
            writeQueue.TryEnqueue(new StoredTrace(key, [.. trace.Spans], outcome));
        }

        LogDecided(logger, key.TraceId, trace.SpanCount, outcome.Keep, outcome.Policy);
        GrainsMetrics.LiveSpans.Dec(spans.Count);
        spans.Clear();
        if (isLive)
        {
            isLive = false;
            liveTraces.Exit();
        }
    }

    private SpanBatchResult FollowDecision(SpanBatch late, SamplingDecision decided)
    {
        var headers = new List<SpanHeader>();
        foreach (var header in SpanPack.Headers(late.Packed))
        {
            headers.Add(header);
        }

        RecordReceived(headers, tooLarge: 0);
        GrainsMetrics.LateSpans.WithLabels(decided.Keep ? "kept" : "dropped").Inc(headers.Count);
        if (decided.Keep)
        {
            var lateSpans = new List<Span>(headers.Count);
            SpanPack.Unpack(late.Packed, key.TraceId, lateSpans);
            writeQueue.TryEnqueue(new StoredTrace(key, [.. lateSpans], decided));
        }

        DeactivateOnIdle();
        return new SpanBatchResult { Accepted = headers.Count, Late = true };
    }

    private byte[] Repack(byte[] packed, List<int> keptIndexes)
    {
        var all = new List<Span>();
        SpanPack.Unpack(packed, key.TraceId, all);
        return SpanPack.Pack(keptIndexes.Select(i => all[i]));
    }

    private void RecordReceived(List<SpanHeader> received, int tooLarge)
    {
        if (received.Count > 0)
        {
            stats.RecordSpans(received);
            GrainsMetrics.SpansReceived.Inc(received.Count);
        }

        if (tooLarge > 0)
        {
            GrainsMetrics.Drop(DropReasons.TraceTooLarge, tooLarge);
            LogTraceTooLarge(logger, key.TraceId, tooLarge, settings.MaxSpansPerTrace);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Trace {TraceId} with {SpanCount} spans decided: keep={Keep} by {Policy}")]
    private static partial void LogDecided(ILogger logger, string traceId, int spanCount, bool keep, string policy);

    [LoggerMessage(2, LogLevel.Warning, "Trace {TraceId} refused {SpanCount} spans beyond its limit of {MaxSpans}")]
    private static partial void LogTraceTooLarge(ILogger logger, string traceId, int spanCount, int maxSpans);
}
