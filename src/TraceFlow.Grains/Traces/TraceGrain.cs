using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Tenants;
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
    IOptions<TenantLimitsOptions> tenantLimits,
    TailSampler sampler,
    DecisionCache decisions,
    LiveTraceLimiter liveTraces,
    SiloStatsAggregator stats,
    TraceWriteQueue writeQueue,
    DecisionWheel wheel,
    WriteBackpressure backpressure,
    SettledTraceNotifier settled,
    UnreplayableTraces unreplayable,
    TimeProvider time,
    ILogger<TraceGrain> logger) : Grain, ITraceGrain, IDecisionWheelTarget, ILiveTrace
{
    private readonly TraceGrainOptions settings = options.Value;
    private readonly LiveSpanBuffer spans = new();
    private string grainKey = string.Empty;
    private TraceKey key;

    /// <summary>The span limit of this trace: the silo-wide one, or its tenant's if lower (<see cref="tenantCapsSpans"/>).</summary>
    private int maxSpans;
    private bool tenantCapsSpans;
    private SamplingDecision? decision;
    private volatile bool retired;

    /// <summary>This trace's place among the silo's live traces; null until admitted and after the decision.</summary>
    private LinkedListNode<ILiveTrace>? livePlace;
    private bool hasRoot;

    /// <summary>The gateways holding this trace's spans for replay: told when it is settled.</summary>
    private readonly HashSet<ISettledTracesObserver> replayers = [];

    /// <summary>Buffered spans that came without a replayer, which a crash of this silo would lose.</summary>
    private int unreplayableSpans;

    /// <summary>When the earliest outstanding wheel reminder is due; null when none is.</summary>
    private DateTimeOffset? reminderDue;
    private DateTimeOffset firstSpanAt;
    private DateTimeOffset lastSpanAt;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        grainKey = this.GetPrimaryKeyString();
        key = TraceKey.Parse(grainKey);
        maxSpans = settings.MaxSpansPerTrace;
        if (tenantLimits.Value.MaxSpansPerTraceOf(key.Tenant) is { } tenantMax && tenantMax < maxSpans)
        {
            (maxSpans, tenantCapsSpans) = (tenantMax, true);
        }

        decision = decisions.Find(grainKey);
        return base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Shutdown or collection before the decision time: decide now rather than lose the spans.
        // The silo's write queue outlives its grains, so a kept trace still reaches the store.
        // A cancelled deactivation is a silo being killed: like a crash, it decides nothing
        // (the gateways replay what they hold; the rest is counted lost from the silo's last report).
        if (decision is null && spans.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            Decide(DecisionTriggers.Shutdown);
        }

        retired = true;

        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    Task<SpanBatchResult> ITraceGrain.AddSpansAsync(SpanBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (decision is not null)
        {
            return Task.FromResult(FollowDecision(batch, decision) with { Silo = GrainContext.Address.SiloAddress });
        }

        var now = time.GetUtcNow();
        if (livePlace is null)
        {
            var entry = backpressure.Saturated ? LiveTraceEntry.SiloFull : liveTraces.TryEnter(this, key.Tenant);
            if (entry.Place is null)
            {
                DeactivateOnIdle();
                return Task.FromResult(entry.TenantLimited ? SpanBatchResult.RefusedForTenant : SpanBatchResult.Refused);
            }

            livePlace = entry.Place;

            firstSpanAt = now;
        }

        var added = new List<SpanHeader>();
        var tooLarge = 0;
        List<int>? keptIndexes = null; // only when some spans of the pack are not kept
        var index = 0;
        foreach (var header in SpanPack.Headers(batch.Packed))
        {
            var duplicate = spans.Contains(header.Identity); // a client retry: already counted
            var full = !duplicate && spans.Count >= maxSpans;
            if (duplicate || full)
            {
                tooLarge += full ? 1 : 0;
                keptIndexes ??= [.. Enumerable.Range(0, index)];
            }
            else
            {
                spans.Add(header);
                added.Add(header);
                hasRoot |= header.IsRoot;
                keptIndexes?.Add(index);
            }

            index++;
        }

        if (added.Count > 0)
        {
            spans.AddPack(keptIndexes is null ? batch.Packed : Repack(batch.Packed, keptIndexes));
            liveTraces.CountSpans(added.Count);
            CountReplayable(batch.Replayer, added.Count);
        }

        RecordReceived(added, tooLarge);
        lastSpanAt = now;
        RemindAtNextCheck(now);

        // index counted the spans in the pack: the batch carries no separate count to trust.
        return Task.FromResult(new SpanBatchResult
        {
            Accepted = index - tooLarge,
            TooLarge = tooLarge,
            TenantLimited = tooLarge > 0 && tenantCapsSpans,
            Silo = GrainContext.Address.SiloAddress,
        });
    }

    void IDecisionWheelTarget.OnDecisionDue()
    {
        if (!retired)
        {
            GrainContext.Scheduler.QueueAction(static grain => ((TraceGrain)grain).CheckDecisionDue(), this);
        }
    }

    void ILiveTrace.ForceDecision()
    {
        if (!retired)
        {
            GrainContext.Scheduler.QueueAction(static grain => ((TraceGrain)grain).DecideNow(DecisionTriggers.MaxTraces), this);
        }
    }

    /// <summary>On the grain's scheduler: decide if the trace has been quiet long enough (or lived too long).</summary>
    private void CheckDecisionDue()
    {
        if (decision is not null || retired)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (reminderDue <= now)
        {
            reminderDue = null; // the reminder relied on has come; a later, stale one may still arrive
        }

        var quietNeeded = QuietNeeded;
        if (now - lastSpanAt >= quietNeeded)
        {
            DecideNow(quietNeeded < settings.DecisionWait ? DecisionTriggers.EarlyDecisionWait : DecisionTriggers.DecisionWait);
        }
        else if (now - firstSpanAt >= settings.MaxTraceLifetime)
        {
            DecideNow(DecisionTriggers.MaxTraceAge);
        }
        else
        {
            RemindAtNextCheck(now);
        }
    }

    /// <summary>The quiet time that decides this trace: shorter once its root span is in, if early decisions are on.</summary>
    private TimeSpan QuietNeeded =>
        hasRoot && settings.EarlyDecisionWait > TimeSpan.Zero && settings.EarlyDecisionWait < settings.DecisionWait
            ? settings.EarlyDecisionWait
            : settings.DecisionWait;

    /// <summary>
    /// Makes sure a wheel reminder comes by the time the trace could next be due. New spans
    /// push that time later, which an outstanding reminder covers (it re-checks and re-arms);
    /// only a root span, which can bring it earlier, needs a reminder of its own.
    /// </summary>
    private void RemindAtNextCheck(DateTimeOffset now)
    {
        var quietAt = lastSpanAt + QuietNeeded;
        var tooOldAt = firstSpanAt + settings.MaxTraceLifetime;
        var due = quietAt < tooOldAt ? quietAt : tooOldAt;
        if (reminderDue is null || due < reminderDue)
        {
            reminderDue = due;
            wheel.Schedule(this, due - now);
        }
    }

    private void DecideNow(Prometheus.Counter.Child trigger)
    {
        if (decision is null && !retired && spans.Count > 0)
        {
            Decide(trigger);
            DeactivateOnIdle();
        }
    }

    private void Decide(Prometheus.Counter.Child trigger)
    {
        trigger.Inc();
        var trace = new SampledTrace(
            key.TraceId, spans.Count, spans.StartUnixNanos, spans.EndUnixNanos - spans.StartUnixNanos, spans.HasError, () => spans.Unpack(key.TraceId));
        var outcome = sampler.Decide(trace);
        decision = outcome;
        decisions.Remember(grainKey, outcome);
        stats.RecordTrace(key.Tenant, trace.DurationNanos, outcome);
        GrainsMetrics.SamplingDecisions.WithLabels(outcome.Keep ? "kept" : "dropped", outcome.Policy).Inc();
        // Settled for the replaying gateways once dropped, or once a kept trace is handed to the store.
        if (outcome.Keep)
        {
            writeQueue.TryEnqueue(new StoredTrace(key, [.. trace.Spans], outcome), [.. replayers]);
        }
        else
        {
            settled.Settle(key, [.. replayers]);
        }

        LogDecided(logger, key.TraceId, trace.SpanCount, outcome.Keep, outcome.Policy);
        liveTraces.CountSpans(-spans.Count);
        if (unreplayableSpans > 0)
        {
            unreplayable.Count(-1, -unreplayableSpans);
            unreplayableSpans = 0;
        }

        spans.Clear();
        if (livePlace is not null)
        {
            liveTraces.Exit(livePlace, key.Tenant);
            livePlace = null;
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
            writeQueue.TryEnqueue(new StoredTrace(key, [.. lateSpans], decided), Replayers(late));
        }
        else
        {
            settled.Settle(key, Replayers(late));
        }

        DeactivateOnIdle();
        return new SpanBatchResult { Accepted = headers.Count, Late = true };
    }

    private static ISettledTracesObserver[] Replayers(SpanBatch batch) => batch.Replayer is { } replayer ? [replayer] : [];

    /// <summary>Remembers who holds the new spans for replay; those nobody holds count as this silo's to lose.</summary>
    private void CountReplayable(ISettledTracesObserver? replayer, int added)
    {
        if (replayer is not null)
        {
            replayers.Add(replayer);
            return;
        }

        unreplayable.Count(unreplayableSpans == 0 ? 1 : 0, added);
        unreplayableSpans += added;
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
            stats.RecordSpans(key.Tenant, received);
            GrainsMetrics.SpansReceived.Inc(received.Count);
        }

        if (tooLarge > 0)
        {
            GrainsMetrics.Drop(DropReasons.TraceTooLarge, tooLarge);
            LogTraceTooLarge(logger, key.TraceId, tooLarge, maxSpans);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Trace {TraceId} with {SpanCount} spans decided: keep={Keep} by {Policy}")]
    private static partial void LogDecided(ILogger logger, string traceId, int spanCount, bool keep, string policy);

    [LoggerMessage(2, LogLevel.Warning, "Trace {TraceId} refused {SpanCount} spans beyond its limit of {MaxSpans}")]
    private static partial void LogTraceTooLarge(ILogger logger, string traceId, int spanCount, int maxSpans);
}
