using TraceFlow.Grains.Traces;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class LiveSpanBufferTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(500)]
    public void Contains_KnowsEverySpanAddedAndNoOther(int count)
    {
        var buffer = new LiveSpanBuffer();
        for (var i = 0; i < count; i++)
        {
            buffer.Add(Header((ulong)i * 7919, start: 100 + i, duration: 10));
        }

        Assert.Equal(count, buffer.Count);
        Assert.All(Enumerable.Range(0, count), i => Assert.True(buffer.Contains((ulong)i * 7919)));
        Assert.All(Enumerable.Range(0, count), i => Assert.False(buffer.Contains(((ulong)i * 7919) + 1)));
        Assert.Equal(100, buffer.StartUnixNanos);
        Assert.Equal(100 + count - 1 + 10, buffer.EndUnixNanos);
    }

    [Fact]
    public void Unpack_ReturnsTheSpansOfEveryPackInArrivalOrder()
    {
        var buffer = new LiveSpanBuffer();
        buffer.AddPack(SpanPack.Pack([Span("a"), Span("b")]));
        buffer.AddPack(SpanPack.Pack([Span("c")]));

        Assert.Equal(["a", "b", "c"], buffer.Unpack("t").Select(s => s.SpanId));
        Assert.All(buffer.Unpack("t"), s => Assert.Equal("t", s.TraceId));
    }

    private static SpanHeader Header(ulong identity, long start, long duration) =>
        new(identity, "svc", "op", start, duration, SpanStatusCode.Unset, IsRoot: false);

    private static Span Span(string id) => new() { TraceId = "t", SpanId = id, Service = "svc", Operation = "op" };
}
