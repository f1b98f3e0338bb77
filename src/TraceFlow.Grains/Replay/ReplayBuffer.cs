using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Cluster;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Replay;

/// <summary>
/// The gateway's copy of every span it acknowledged whose trace is not yet settled, so that a
/// silo dying before it decides the trace loses nothing: the spans go again to the trace's new
/// activation on a survivor, whose span-id de-duplication ignores what it already has.
/// </summary>
/// <remarks>
/// <para>Release: a batch is held until the silo that took it says its trace is settled (dropped,
/// or kept and handed to the store), never merely by age. Each batch carries this buffer's observer
/// reference; the trace grain remembers it and, once its decision is final, the silo's
/// <see cref="SettledTraceNotifier"/> tells every gateway that sent spans. The notice names the
/// silo, and only the batches that silo took (or that are in flight) are let go: when a trace's new
/// activation decides before the dead silo's batches are replayed, those batches are still held,
/// and their replay follows the decision as late spans (stored by span id with a kept trace, dropped
/// with a dropped one). A replay never turns a dropped trace into a kept one or stores a span twice.</para>
/// <para>Detection: each grain answer names its silo, so the buffer knows where every held batch
/// went (per batch, not per trace: after a crash the newer spans of a trace reach its new activation
/// while the older ones are still to be replayed). <see cref="ReplayDeadSilosAsync"/> reads membership through <see cref="IManagementGrain"/>
/// (which clients and co-hosted gateways can both call) and replays exactly the batches that went to silos
/// that are dead or gone from it. Membership declares a silo dead after its missed probes, the same
/// moment the survivors take over its grains, so the replay lands on the new activation.</para>
/// <para>Bound: <see cref="ReplayOptions.MaxSpans"/> and <see cref="ReplayOptions.MaxBytes"/>. A request
/// that would go past either is refused whole (503, Retry-After) rather than acknowledged unprotected.
/// A trace held past <see cref="ReplayOptions.MaxHoldTime"/> (a lost notice) is evicted and counted.</para>
/// </remarks>
public sealed partial class ReplayBuffer : ISettledTracesObserver
{
    /// <summary>The <c>reason</c> of traces lost because their silo died and their replay kept failing until evicted.</summary>
    public const string ReplayFailed = "replay_failed";

    /// <summary>Grain calls in flight at once while replaying a dead silo's traces.</summary>
    private const int ReplayParallelism = 32;

    private readonly ConcurrentDictionary<TraceKey, HeldTrace> held = new();
    private readonly IGrainFactory grains;
    private readonly TraceGrainReferences traceGrains;
    private readonly ReplayOptions settings;
    private readonly TimeProvider time;
    private readonly ILogger<ReplayBuffer> logger;
    private readonly Lazy<ISettledTracesObserver> reference;
    private readonly Lock gate = new();
    private long spans;
    private long bytes;

    public ReplayBuffer(IGrainFactory grains, TraceGrainReferences traceGrains, IOptions<ReplayOptions> options, TimeProvider time, ILogger<ReplayBuffer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.grains = grains;
        this.traceGrains = traceGrains;
        settings = options.Value;
        this.time = time;
        this.logger = logger;
        reference = new(() => grains.CreateObjectReference<ISettledTracesObserver>(this));
    }

    public bool Enabled => settings.Enabled;

    public int Traces => held.Count;

    public long Spans => Interlocked.Read(ref spans);

    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>What batches carry so that the silos can tell this buffer their traces are settled.</summary>
    public ISettledTracesObserver Reference => reference.Value;

    /// <summary>One trace's spans from one request, carrying this buffer's reference when it is on.</summary>
    public HeldBatch Batch(TraceKey key, IReadOnlyCollection<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        return new HeldBatch(key, SpanBatch.Of(spans) with { Replayer = Enabled ? Reference : null }, spans.Count);
    }

    /// <summary>
    /// Holds a request's batches before they are sent (so a settle notice can never come first),
    /// all or none; false when the buffer has no room for them. Always true when it is off.
    /// </summary>
    public bool TryHold(IReadOnlyList<HeldBatch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (!Enabled)
        {
            return true;
        }

        long spanCount = batches.Sum(b => b.Spans), byteCount = batches.Sum(b => (long)b.Batch.Packed.Length);
        if (!TryReserve(spanCount, byteCount))
        {
            ReplayMetrics.RefusedSpans.Inc(spanCount);
            return false;
        }

        var now = time.GetUtcNow();
        foreach (var batch in batches)
        {
            while (true)
            {
                var trace = held.GetOrAdd(batch.Key, static (_, at) => new HeldTrace(at), now);
                lock (trace)
                {
                    // A trace settled meanwhile is out of the map: start it afresh.
                    if (!trace.Settled)
                    {
                        trace.Batches.Add(batch, null);
                        break;
                    }
                }
            }
        }

        ReplayMetrics.BufferedTraces.Set(held.Count);
        return true;
    }

    /// <summary>Sends a held batch to its trace grain; it stays held only if the grain took it.</summary>
    public async Task<SpanBatchResult> SendAsync(HeldBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        SpanBatchResult result;
        try
        {
            result = await traceGrains.AddSpansAsync(batch.Key, batch.Batch, cancellationToken);
        }
        catch when (batch.Batch.Replayer is not null)
        {
            Release(batch);
            throw;
        }

        if (batch.Batch.Replayer is not null)
        {
            if (result.Silo is null || result.Overloaded)
            {
                Release(batch);
            }
            else
            {
                Placed(batch, result.Silo);
            }
        }

        return result;
    }

    /// <summary>Moves a held batch from <paramref name="from"/> to <paramref name="to"/> (null: in flight), unless a settle notice let it go meanwhile.</summary>
    private static void Reassign(HeldTrace trace, HeldBatch batch, SiloAddress? from, SiloAddress? to)
    {
        lock (trace)
        {
            if (!trace.Settled && trace.Batches.TryGetValue(batch, out var silo) && Equals(silo, from))
            {
                trace.Batches[batch] = to;
            }
        }
    }

    /// <summary>A held batch was acknowledged by a trace grain on <paramref name="silo"/>.</summary>
    private void Placed(HeldBatch batch, SiloAddress silo)
    {
        if (held.TryGetValue(batch.Key, out var trace))
        {
            lock (trace)
            {
                if (!trace.Settled && trace.Batches.ContainsKey(batch))
                {
                    trace.Batches[batch] = silo;
                }
            }
        }
    }

    /// <summary>A held batch was not acknowledged (refused, or its call failed): the sender keeps it, not the buffer.</summary>
    private void Release(HeldBatch batch)
    {
        if (!held.TryGetValue(batch.Key, out var trace))
        {
            return;
        }

        bool removed, empty;
        lock (trace)
        {
            removed = !trace.Settled && trace.Batches.Remove(batch);
            empty = removed && trace.Batches.Count == 0;
            trace.Settled |= empty;
        }

        if (empty)
        {
            held.TryRemove(new KeyValuePair<TraceKey, HeldTrace>(batch.Key, trace));
        }

        if (removed)
        {
            Unreserve(batch.Spans, batch.Batch.Packed.Length);
        }
    }

    Task ISettledTracesObserver.SettledAsync(SiloAddress silo, ImmutableArray<TraceKey> traces)
    {
        foreach (var key in traces)
        {
            Settle(key, silo);
        }

        ReplayMetrics.BufferedTraces.Set(held.Count);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends again the held traces of every silo that membership no longer counts among the
    /// living, and evicts traces held past <see cref="ReplayOptions.MaxHoldTime"/>. A trace whose
    /// replay fails stays held for the next check. Returns the traces replayed.
    /// </summary>
    public async Task<int> ReplayDeadSilosAsync(CancellationToken cancellationToken)
    {
        var statuses = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false, cancellationToken);
        bool IsDead(SiloAddress silo) => !statuses.TryGetValue(silo, out var status) || status == SiloStatus.Dead;

        var now = time.GetUtcNow();
        var orphans = new List<(TraceKey Key, HeldTrace Trace, (HeldBatch Batch, SiloAddress Silo)[] Batches)>();
        foreach (var (key, trace) in held)
        {
            (HeldBatch, SiloAddress)[] orphaned;
            lock (trace)
            {
                // In flight (no silo yet): the call's own retries reach the new activation.
                orphaned = [.. trace.Batches.Where(b => b.Value is not null && IsDead(b.Value)).Select(b => (b.Key, b.Value!))];
            }

            if (now - trace.Since >= settings.MaxHoldTime)
            {
                Evict(key, orphaned.Length > 0);
            }
            else if (orphaned.Length > 0)
            {
                orphans.Add((key, trace, orphaned));
            }
        }

        if (orphans.Count > 0)
        {
            LogReplaying(logger, orphans.Count, orphans.Sum(o => o.Batches.Length));
            await Parallel.ForEachAsync(
                orphans,
                new ParallelOptions { MaxDegreeOfParallelism = ReplayParallelism, CancellationToken = cancellationToken },
                async (orphan, token) => await ReplayAsync(orphan.Key, orphan.Trace, orphan.Batches, token));
        }

        return orphans.Count;
    }

    /// <summary>Sends the orphaned batches again; each one taken is placed anew, the rest wait for the next check.</summary>
    private async Task ReplayAsync(TraceKey key, HeldTrace trace, (HeldBatch Batch, SiloAddress Silo)[] batches, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (batch, deadSilo) in batches)
            {
                // In flight again: a settle notice from the new silo meanwhile lets it go.
                Reassign(trace, batch, deadSilo, null);
                SpanBatchResult result;
                try
                {
                    result = await traceGrains.AddSpansAsync(key, batch.Batch, cancellationToken);
                }
                catch
                {
                    Reassign(trace, batch, null, deadSilo);
                    throw;
                }

                if (result.Overloaded || result.Silo is null)
                {
                    Reassign(trace, batch, null, deadSilo); // for the next check
                    return;
                }

                Placed(batch, result.Silo);
                ReplayMetrics.ReplayedSpans.Inc(batch.Spans);
            }

            ReplayMetrics.ReplayedTraces.Inc();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogReplayFailed(logger, key.TraceId, ex);
        }
    }

    /// <summary>Lets go of the batches of <paramref name="key"/> that <paramref name="silo"/> took or that are in flight; the trace goes once none is left.</summary>
    private void Settle(TraceKey key, SiloAddress silo)
    {
        if (!held.TryGetValue(key, out var trace))
        {
            return;
        }

        long spanCount = 0, byteCount = 0;
        bool empty;
        lock (trace)
        {
            if (trace.Settled)
            {
                return;
            }

            foreach (var batch in trace.Batches.Where(b => b.Value is null || b.Value.Equals(silo)).Select(b => b.Key).ToList())
            {
                trace.Batches.Remove(batch);
                spanCount += batch.Spans;
                byteCount += batch.Batch.Packed.Length;
            }

            empty = trace.Batches.Count == 0;
            trace.Settled = empty;
        }

        if (empty)
        {
            held.TryRemove(new KeyValuePair<TraceKey, HeldTrace>(key, trace));
        }

        Unreserve(spanCount, byteCount);
    }

    private void Forget(TraceKey key)
    {
        if (!held.TryRemove(key, out var trace))
        {
            return;
        }

        long spanCount, byteCount;
        lock (trace)
        {
            trace.Settled = true;
            spanCount = trace.Batches.Keys.Sum(b => b.Spans);
            byteCount = trace.Batches.Keys.Sum(b => (long)b.Batch.Packed.Length);
        }

        Unreserve(spanCount, byteCount);
    }

    private void Evict(TraceKey key, bool unreplayed)
    {
        if (held.TryGetValue(key, out var trace))
        {
            long spanCount;
            lock (trace)
            {
                spanCount = trace.Batches.Keys.Sum(b => b.Spans);
            }

            Forget(key);
            ReplayMetrics.EvictedSpans.Inc(spanCount);
            LogEvicted(logger, key.TraceId, spanCount, settings.MaxHoldTime, unreplayed);
            if (unreplayed)
            {
                GrainsMetrics.TracesLost.WithLabels(ReplayFailed).Inc();
                GrainsMetrics.SpansLost.WithLabels(ReplayFailed).Inc(spanCount);
            }
        }
    }

    private bool TryReserve(long spanCount, long byteCount)
    {
        lock (gate)
        {
            if (spans + spanCount > settings.MaxSpans || bytes + byteCount > settings.MaxBytes)
            {
                return false;
            }

            spans += spanCount;
            bytes += byteCount;
        }

        ReplayMetrics.BufferedSpans.Inc(spanCount);
        ReplayMetrics.BufferedBytes.Inc(byteCount);
        return true;
    }

    private void Unreserve(long spanCount, long byteCount)
    {
        lock (gate)
        {
            spans -= spanCount;
            bytes -= byteCount;
        }

        ReplayMetrics.BufferedSpans.Dec(spanCount);
        ReplayMetrics.BufferedBytes.Dec(byteCount);
    }

    [LoggerMessage(1, LogLevel.Warning, "Replaying {TraceCount} held traces ({BatchCount} batches) that dead silos held")]
    private static partial void LogReplaying(ILogger logger, int traceCount, int batchCount);

    [LoggerMessage(2, LogLevel.Warning, "Replaying trace {TraceId} failed; it stays held for the next check")]
    private static partial void LogReplayFailed(ILogger logger, string traceId, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Evicted trace {TraceId} ({SpanCount} spans) held past {MaxHoldTime} without being settled (its silo dead: {Unreplayed})")]
    private static partial void LogEvicted(ILogger logger, string traceId, long spanCount, TimeSpan maxHoldTime, bool unreplayed);

    /// <summary>One held trace: its batches, each with the silo that took it (null while its call is in flight).</summary>
    private sealed class HeldTrace(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;

        public Dictionary<HeldBatch, SiloAddress?> Batches { get; } = [];

        /// <summary>Out of the buffer; a batch for the same trace starts a new one.</summary>
        public bool Settled { get; set; }
    }
}
