using TraceFlow.LoadGen.Encoding;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Preparation;

/// <summary>
/// One worker's requests: the shared cycle pass after pass, each pass giving every trace a fresh
/// id (unique across workers and passes) patched into a copy of each body, and recording each
/// trace for the zero-loss check. Not thread-safe: one per worker.
/// </summary>
internal sealed class PreparedRequestStream(PreparedCycleSource source, TraceIdSource ids, Action<TraceRecord> started)
{
    private PreparedCycle? cycle;
    private int next;
    private TraceRecord[] records = [];
    private byte[] buffer = [];
    private PreparedRequest? last;

    /// <summary>Whether the current pass has requests left, so some of its traces are not yet whole.</summary>
    public bool InPass => cycle is not null && next < cycle.Requests.Count;

    /// <summary>The next request's body, valid until the next call, and its span count.</summary>
    public ReadOnlyMemory<byte> Next(out int spanCount)
    {
        if (!InPass)
        {
            StartPass();
        }

        var request = cycle!.Requests[next++];
        var length = request.Body.Length;
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        request.Body.CopyTo(buffer, 0);
        var idLength = TraceId.EncodedLength(cycle.IdFormat);
        for (var i = 0; i < request.IdOffsets.Length; i++)
        {
            records[request.IdSlots[i]].Id.Write(cycle.IdFormat, buffer.AsSpan(request.IdOffsets[i], idLength));
        }

        last = request;
        spanCount = request.SpanCount;
        return buffer.AsMemory(0, length);
    }

    /// <summary>Credits each trace in the request last returned with its spans there: the collector acknowledged them.</summary>
    public void Accept()
    {
        foreach (var part in last?.Parts ?? [])
        {
            records[part.Slot].Accept(part.Spans);
        }
    }

    private void StartPass()
    {
        cycle = source.Current();
        next = 0;
        records = new TraceRecord[cycle.Traces.Count];
        for (var slot = 0; slot < records.Length; slot++)
        {
            var trace = cycle.Traces[slot];
            records[slot] = new TraceRecord(ids.Next(), trace.SpanCount, trace.HasError, trace.IsSlow);
            started(records[slot]);
        }
    }
}
