using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>
/// Calls OTLP/gRPC <c>TraceService/Export</c> on the test gateway. The gateway compiles only the
/// server side of the service, so the client describes the method itself.
/// </summary>
public sealed class OtlpGrpcClient : IDisposable
{
    private static readonly Method<ExportTraceServiceRequest, ExportTraceServiceResponse> Export = new(
        MethodType.Unary,
        TraceService.Descriptor.FullName,
        "Export",
        Marshallers.Create(static (ExportTraceServiceRequest r) => r.ToByteArray(), ExportTraceServiceRequest.Parser.ParseFrom),
        Marshallers.Create(static (ExportTraceServiceResponse r) => r.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    // The same method with the request as raw bytes, to send messages no encoder would write.
    private static readonly Method<byte[], ExportTraceServiceResponse> ExportBytes = new(
        MethodType.Unary,
        TraceService.Descriptor.FullName,
        "Export",
        Marshallers.Create(static (byte[] r) => r, static r => r),
        Marshallers.Create(static (ExportTraceServiceResponse r) => r.ToByteArray(), ExportTraceServiceResponse.Parser.ParseFrom));

    private readonly GrpcChannel channel;

    /// <summary>Over real sockets, to a Kestrel gateway's OTLP/gRPC port.</summary>
    public OtlpGrpcClient(Uri address) => channel = GrpcChannel.ForAddress(address);

    /// <summary>Over the factory's in-memory TestServer.</summary>
    public OtlpGrpcClient(GatewayFactory factory) =>
        channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });

    public Task<ExportTraceServiceResponse> ExportAsync(ExportTraceServiceRequest request, Metadata? headers = null) =>
        channel.CreateCallInvoker().AsyncUnaryCall(Export, null, new CallOptions(headers, cancellationToken: TestContext.Current.CancellationToken), request).ResponseAsync;

    public Task<ExportTraceServiceResponse> ExportBytesAsync(byte[] message) =>
        channel.CreateCallInvoker().AsyncUnaryCall(ExportBytes, null, new CallOptions(cancellationToken: TestContext.Current.CancellationToken), message).ResponseAsync;

    public void Dispose() => channel.Dispose();
}
