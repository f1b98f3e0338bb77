using System.Text;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Json;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Ingest.Json;

/// <summary>The decoder on its own, for exact counts and limits that the endpoint tests cannot set per test.</summary>
public sealed class TraceFlowJsonSpanDecoderTests
{
    private const string SpanFields = "\"trace_id\":\"t\",\"span_id\":\"s\",\"service\":\"a\",\"operation\":\"o\",\"start_unix_ms\":1710000000000,\"duration_ms\":1";

    private static SpanDecodeResult Decode(string extraFields, IngestOptions? limits = null) =>
        TraceFlowJsonSpanDecoder.Decode(Encoding.UTF8.GetBytes($"{{\"spans\":[{{{SpanFields},{extraFields}}}]}}"), limits ?? new IngestOptions());

    private static string Events(int count, int from = 0) =>
        string.Join(',', Enumerable.Range(from, count).Select(i => $"{{\"name\":\"e{i}\",\"time_unix_ms\":{1710000000000 + i}}}"));

    [Fact]
    public void Decode_Events_KeepsNameTimeInNanosAndAttributesInOrder()
    {
        var result = Decode("""
            "events":[{"name":"exception","time_unix_ms":1710000000012.25,"attributes":{"exception.type":"X","code":7,"escaped":false}},
                      {"name":"second","time_unix_ms":0}]
            """);

        var span = Assert.Single(result.Spans);
        Assert.Equal(2, span.Events.Length);
        var exception = span.Events[0];
        Assert.Equal("exception", exception.Name);
        Assert.Equal(1_710_000_000_012_250_000L, exception.TimeUnixNanos);
        Assert.Equal([new SpanAttribute("exception.type", "X"), new SpanAttribute("code", "7"), new SpanAttribute("escaped", "false")], exception.Attributes);
        Assert.Equal("second", span.Events[1].Name);
        Assert.Equal(0, span.Events[1].TimeUnixNanos);
        Assert.Empty(span.Events[1].Attributes);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"events\":null")]
    [InlineData(",\"events\":[]")]
    public void Decode_NoEvents_GivesAnEmptyEventList(string events)
    {
        var result = TraceFlowJsonSpanDecoder.Decode(Encoding.UTF8.GetBytes($"{{\"spans\":[{{{SpanFields}{events}}}]}}"), new IngestOptions());

        var span = Assert.Single(result.Spans);
        Assert.False(span.Events.IsDefault);
        Assert.Empty(span.Events);
        Assert.Null(span.StatusMessage);
    }

    [Fact]
    public void Decode_EventsBeyondTheCap_KeepsTheFirstAndCountsTheRest()
    {
        var result = Decode($"\"events\":[{Events(5)}]", new IngestOptions { MaxEventsPerSpan = 2 });

        var span = Assert.Single(result.Spans);
        Assert.Equal(["e0", "e1"], span.Events.Select(e => e.Name));
        Assert.Equal(3, result.TruncatedEvents);
        Assert.Equal(0, result.TruncatedAttributes);
    }

    [Fact]
    public void Decode_AnInvalidEventBeyondTheCap_StillRejectsTheSpan()
    {
        var result = Decode($"\"events\":[{Events(3)},{{\"time_unix_ms\":1}}]", new IngestOptions { MaxEventsPerSpan = 2 });

        Assert.Empty(result.Spans);
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal("events[3].name", rejection.Field);
        Assert.Equal("events[3].name is required and must not be blank", rejection.Message);
    }

    [Fact]
    public void Decode_TheFirstBadEvent_IsTheOneReported()
    {
        var result = Decode("\"events\":[{\"name\":\"ok\",\"time_unix_ms\":1},{\"name\":\"late\",\"time_unix_ms\":-5},{\"name\":\" \",\"time_unix_ms\":1}]");

        var rejection = Assert.Single(result.Rejections);
        Assert.Equal("events[1].time_unix_ms", rejection.Field);
        Assert.StartsWith("events[1].time_unix_ms must be between 0 and ", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EventAttributes_AreCappedPerEventAndCutLikeSpanAttributes()
    {
        var limits = new IngestOptions { MaxAttributesPerSpan = 2, MaxAttributeValueLength = 3 };

        var result = Decode(
            "\"attributes\":{\"a\":\"1\",\"b\":\"2\"},\"events\":[{\"name\":\"e\",\"time_unix_ms\":1,\"attributes\":{\"x\":\"long value\",\"y\":\"2\",\"z\":\"3\"}}]",
            limits);

        var span = Assert.Single(result.Spans);
        Assert.Equal(2, span.Attributes.Length);
        Assert.Equal([new SpanAttribute("x", "lon"), new SpanAttribute("y", "2")], span.Events[0].Attributes);
        Assert.Equal(2, result.TruncatedAttributes);
    }

    [Fact]
    public void Decode_StatusMessage_IsCutAtTheAttributeValueLimitAndCounted()
    {
        var result = Decode("\"status\":\"error\",\"status_message\":\"connection refused\"", new IngestOptions { MaxAttributeValueLength = 10 });

        var span = Assert.Single(result.Spans);
        Assert.Equal("connection", span.StatusMessage);
        Assert.Equal(1, result.TruncatedAttributes);
    }

    [Theory]
    [InlineData("\"status_message\":null", null)]
    [InlineData("\"status_message\":\"\"", null)]
    [InlineData("\"status_message\":\"boom\"", "boom")]
    public void Decode_StatusMessage_IsAStringOrNull(string field, string? expected)
    {
        var result = Decode(field);

        Assert.Equal(expected, Assert.Single(result.Spans).StatusMessage);
    }
}
