using Google.Protobuf;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;

namespace TraceFlow.Gateway.Tests.Ingest.Otlp;

/// <summary>
/// Field numbers and wire types of the hand-written .proto files, byte by byte against the
/// specification's, for the fields the exporters leave at their defaults in the happy-path tests.
/// </summary>
public sealed class OtlpProtoWireTests
{
    [Fact]
    public void ExportTraceServiceResponse_PartialSuccess_IsField1WithRejectedSpans1AndErrorMessage2()
    {
        var bytes = new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = 3, ErrorMessage = "m" } }.ToByteArray();

        Assert.Equal(new byte[] { 0x0A, 0x05, 0x08, 0x03, 0x12, 0x01, (byte)'m' }, bytes);
    }

    [Fact]
    public void Span_CountsFlagsAndStatus_UseTheSpecificationsNumbersAndTypes()
    {
        var span = new OtlpSpan
        {
            DroppedAttributesCount = 1, // 10, varint
            DroppedEventsCount = 2, // 12, varint
            DroppedLinksCount = 3, // 14, varint
            Status = new Status { Message = "m", Code = Status.Types.StatusCode.Error }, // 15: message 2, code 3
            Flags = 0x01020304, // 16, fixed32
        };

        Assert.Equal(
            new byte[] { 0x50, 0x01, 0x60, 0x02, 0x70, 0x03, 0x7A, 0x05, 0x12, 0x01, (byte)'m', 0x18, 0x02, 0x85, 0x01, 0x04, 0x03, 0x02, 0x01 },
            span.ToByteArray());
    }

    [Fact]
    public void Link_AndEvent_UseTheSpecificationsNumbersAndTypes()
    {
        var link = new OtlpSpan.Types.Link { TraceState = "t", DroppedAttributesCount = 1, Flags = 1 };
        var spanEvent = new OtlpSpan.Types.Event { TimeUnixNano = 1, Name = "n", DroppedAttributesCount = 2 };

        Assert.Equal(new byte[] { 0x1A, 0x01, (byte)'t', 0x28, 0x01, 0x35, 0x01, 0x00, 0x00, 0x00 }, link.ToByteArray());
        Assert.Equal(new byte[] { 0x09, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x01, (byte)'n', 0x20, 0x02 }, spanEvent.ToByteArray());
    }

    [Fact]
    public void AnyValue_BytesAndKeyValueList_AreFields7And6()
    {
        Assert.Equal(new byte[] { 0x3A, 0x01, 0x09 }, new AnyValue { BytesValue = ByteString.CopyFrom(9) }.ToByteArray());
        Assert.Equal(
            new byte[] { 0x32, 0x05, 0x0A, 0x03, 0x0A, 0x01, (byte)'k' },
            new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "k" } } } }.ToByteArray());
    }
}
