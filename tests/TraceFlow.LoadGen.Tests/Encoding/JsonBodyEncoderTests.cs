using System.Text.Json;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Json;
using TraceFlow.Grains.Traces;
using TraceFlow.LoadGen.Encoding;
using TraceFlow.LoadGen.Generation;
using TraceFlow.LoadGen.Sending;

namespace TraceFlow.LoadGen.Tests.Encoding;

public sealed class JsonBodyEncoderTests
{
    [Fact]
    public void Encode_IsAcceptedByTheGatewayDecoder_SpanForSpan()
    {
        var interleaver = new TraceInterleaver(Generation.TraceGeneratorTests.Generator(spans: 12, error: 0.2, slow: 0.2), 8, new Random(9), _ => { });
        var batch = new RequestBatch();
        using var encoder = new JsonBodyEncoder();
        for (var r = 0; r < 20; r++)
        {
            interleaver.Fill(batch, 100, startNew: true);
            var body = encoder.Encode(batch);
            using (JsonDocument.Parse(body))
            {
                // well-formed JSON
            }

            var decoded = TraceFlowJsonSpanDecoder.Decode(body.Span, new IngestOptions());
            Assert.Null(decoded.Error);
            Assert.Empty(decoded.Rejections);
            var expected = batch.Entries.SelectMany(e => e.Trace.Spans.Skip(e.Start).Take(e.Count).Select(s => (e.Trace, Span: s))).ToList();
            Assert.Equal(expected.Count, decoded.Spans.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                var (trace, span) = expected[i];
                var got = decoded.Spans[i];
                Assert.Equal(trace.Id.ToString(), got.TraceId);
                Assert.Equal(span.SpanId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), got.SpanId);
                Assert.Equal(span.ParentSpanId == 0 ? null : span.ParentSpanId.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), string.IsNullOrEmpty(got.ParentSpanId) ? null : got.ParentSpanId);
                Assert.Equal(span.Service, got.Service);
                Assert.Equal(span.Operation, got.Operation);
                Assert.Equal(span.IsError, got.Status == SpanStatusCode.Error);
                Assert.Equal(span.Attributes.Length, got.Attributes.Length);
                Assert.InRange(Math.Abs(got.DurationNanos - span.DurationNanos), 0, 1000);
            }
        }
    }

    [Theory]
    [InlineData("{\"accepted\":5,\"rejected\":2,\"errors\":[{\"index\":1,\"rejected\":9}]}", 2)]
    [InlineData("{\"errors\":[{\"rejected\":9}],\"accepted\":5}", 0)]
    [InlineData("", 0)]
    public void ReadRejected_ReadsTopLevelCountOnly(string body, long expected) =>
        Assert.Equal(expected, JsonSpanSender.ReadRejected(System.Text.Encoding.UTF8.GetBytes(body)));
}
