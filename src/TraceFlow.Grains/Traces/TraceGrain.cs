using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// Buffers the spans of one live trace and decides it once it has been quiet for the
/// decision wait (or has lived too long). Kept traces go to the silo's write queue; the
/// decision is remembered so late spans follow it, and the activation then retires.
/// </summary>
/// <remarks>
/// Hash placement puts every activation of a trace on the same silo (while membership is
/// stable), which is what lets the per-silo <see cref="DecisionCache"/> answer for late spans.
/// </remarks>
[Orleans.Placement.HashBasedPlacement]
internal sealed partial class TraceGrain(
    IOptions<TraceGrainOptions> options,
    TailSampler sampler,
    DecisionCache decisions,
    LiveTraceLimiter liveTraces,
    SiloStatsAggregator stats,
    TraceWriteQueue writeQueue,
    TimeProvider time,
    ILogger<TraceGrain> logger) : Grain, ITraceGrain
{
    private readonly TraceGrainOptions settings = options.Value;
    private readonly Dictionary<(string SpanId, bool Shared), Span> spans = [];
    private TraceKey key;
    private SamplingDecision? decision;
    private IGrainTimer? decisionTimer;
    private bool isLive;
    private DateTimeOffset firstSpanAt;
    private DateTimeOffset lastSpanAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        key = TraceKey.Parse(this.GetPrimaryKeyString());
        decision = decisions.Find(key.ToString());
        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Shutdown or collection before the timer fired: decide now rather than lose the spans.
        if (decision is null && spans.Count > 0)
        {
            Decide();
        }

        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    Task<SpanBatchResult> ITraceGrain.AddSpansAsync(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (decision is not null)
        {
            return Task.FromResult(FollowDecision(batch.Spans, decision));
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

        var added = new List<Span>(batch.Spans.Length);
        var tooLarge = 0;
        foreach (var span in batch.Spans)
        {
            if (spans.ContainsKey(span.Identity))
            {
                continue; // a client retry: already counted
            }

            if (spans.Count >= settings.MaxSpansPerTrace)
            {
                tooLarge++;
                continue;
            }

            spans.Add(span.Identity, span);
            added.Add(span);
        }

        RecordReceived(added, tooLarge);
        lastSpanAt = time.GetUtcNow();
        decisionTimer ??= this.RegisterGrainTimer(OnDecisionTimerAsync, new GrainTimerCreationOptions
        {
            DueTime = settings.DecisionWait,
            Period = Timeout.InfiniteTimeSpan,
        });

        return Task.FromResult(new SpanBatchResult { Accepted = batch.Spans.Length - tooLarge, TooLarge = tooLarge });
    }

    private Task OnDecisionTimerAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var quietFor = now - lastSpanAt;
        var age = now - firstSpanAt;
        if (quietFor < settings.DecisionWait && age < settings.MaxTraceLifetime)
        {
            var next = settings.DecisionWait - quietFor;
            var untilMaxAge = settings.MaxTraceLifetime - age;
            decisionTimer!.Change(next < untilMaxAge ? next : untilMaxAge, Timeout.InfiniteTimeSpan);
            return Task.CompletedTask;
        }

        Decide();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void Decide()
    {
        var trace = new SampledTrace(key.TraceId, spans.Values);
        var outcome = sampler.Decide(trace);
        decision = outcome;
        decisions.Remember(key.ToString(), outcome);
        stats.RecordTrace(trace.DurationNanos, outcome);
        GrainsMetrics.SamplingDecisions.WithLabels(outcome.Keep ? "kept" : "dropped", outcome.Policy).Inc();
        if (outcome.Keep)
        {
            writeQueue.TryEnqueue(new StoredTrace(key, [.. spans.Values], outcome));
        }

        LogDecided(logger, key.TraceId, spans.Count, outcome.Keep, outcome.Policy);
        spans.Clear();
        decisionTimer?.Dispose();
        decisionTimer = null;
        if (isLive)
        {
            isLive = false;
            liveTraces.Exit();
        }
    }

    private SpanBatchResult FollowDecision(ImmutableArray<Span> late, SamplingDecision decided)
    {
        RecordReceived(late, tooLarge: 0);
        GrainsMetrics.LateSpans.WithLabels(decided.Keep ? "kept" : "dropped").Inc(late.Length);
        if (decided.Keep)
        {
            writeQueue.TryEnqueue(new StoredTrace(key, late, decided));
        }

        return new SpanBatchResult { Accepted = late.Length, Late = true };
    }

    private void RecordReceived(IReadOnlyCollection<Span> received, int tooLarge)
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
