using System.Buffers.Binary;
using System.Globalization;
using TraceFlow.LoadGen.Encoding;
using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Preparation;

/// <summary>
/// Builds prepared cycles: <see cref="FullRequests"/> requests filled as an SDK's batch exporter
/// fills them, then the open traces' remaining spans, so a cycle ends with every trace whole.
/// The ids are placeholders sharing one 8-byte prefix, found again by searching for it.
/// Not thread-safe.
/// </summary>
internal sealed class PreparedCycleBuilder
{
    /// <summary>Full requests per cycle: few, so a worker that stops mid-pass has little to finish.</summary>
    public const int FullRequests = 4;

    private readonly int batchSpans;
    private readonly IBodyEncoder encoder;
    private readonly TimeProvider time;
    private readonly ulong placeholderPrefix;
    private readonly TraceInterleaver interleaver;
    private readonly Dictionary<ulong, int> slots = [];
    private readonly List<TraceTemplate> traces = [];
    private readonly RequestBatch batch = new();

    public PreparedCycleBuilder(TraceShape shape, int batchSpans, int interleave, IBodyEncoder encoder, Random random, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSpans);
        this.batchSpans = batchSpans;
        this.encoder = encoder;
        this.time = time;
        placeholderPrefix = (ulong)random.NextInt64() | 1UL << 63;
        var generator = new TraceGenerator(shape, new TraceIdSource(placeholderPrefix, 0, 0, 1), random, time);
        interleaver = new TraceInterleaver(generator, interleave, random, Started);
    }

    public PreparedCycle Build()
    {
        slots.Clear();
        traces.Clear();
        var requests = new List<PreparedRequest>();
        for (var r = 0; r < FullRequests; r++)
        {
            interleaver.Fill(batch, batchSpans, startNew: true);
            requests.Add(Prepare());
        }

        while (interleaver.OpenTraces > 0)
        {
            interleaver.Fill(batch, batchSpans, startNew: false);
            requests.Add(Prepare());
        }

        return new PreparedCycle(requests, [.. traces], encoder.IdFormat, time.GetTimestamp());
    }

    private void Started(TraceRecord trace)
    {
        slots.Add(trace.Id.Low, traces.Count);
        traces.Add(new TraceTemplate(trace.SpanCount, trace.HasError, trace.IsSlow));
    }

    private PreparedRequest Prepare()
    {
        var body = encoder.Encode(batch).ToArray();
        var (offsets, idSlots) = FindIds(body);
        var parts = batch.Entries.Select(e => new SlotSpans(slots[e.Trace.Id.Low], e.Count)).ToArray();
        foreach (var part in parts)
        {
            if (!idSlots.Contains(part.Slot))
            {
                throw new InvalidOperationException($"The {encoder.IdFormat} encoding of a trace id was not found in the request body.");
            }
        }

        return new PreparedRequest(body, offsets, idSlots, parts);
    }

    /// <summary>Every placeholder id in <paramref name="body"/>: where it starts and whose it is.</summary>
    private (int[] Offsets, int[] Slots) FindIds(byte[] body)
    {
        var format = encoder.IdFormat;
        var idLength = TraceId.EncodedLength(format);
        Span<byte> placeholder = stackalloc byte[idLength];
        new TraceId(placeholderPrefix, 0).Write(format, placeholder);
        var prefix = placeholder[..(idLength / 2)];
        var offsets = new List<int>();
        var found = new List<int>();
        for (var at = 0; at <= body.Length - idLength;)
        {
            var match = body.AsSpan(at, body.Length - at).IndexOf(prefix);
            if (match < 0 || at + match + idLength > body.Length)
            {
                break;
            }

            var offset = at + match;
            var lowHalf = body.AsSpan(offset + prefix.Length, prefix.Length);
            var low = format == TraceIdFormat.Bytes
                ? BinaryPrimitives.ReadUInt64BigEndian(lowHalf)
                : ulong.Parse(lowHalf, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            offsets.Add(offset);
            found.Add(slots[low]);
            at = offset + idLength;
        }

        return ([.. offsets], [.. found]);
    }
}
