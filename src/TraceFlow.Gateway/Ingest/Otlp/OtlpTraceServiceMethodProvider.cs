using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// Binds <see cref="OtlpTraceGrpcService.Export"/> to the OTLP method with our own request
/// marshaller. The generated <c>TraceService.BindService</c> would let an undecodable message
/// surface as UNKNOWN ("Exception was thrown by handler"); OTLP wants INVALID_ARGUMENT with a
/// reason, and Grpc.AspNetCore reports an <see cref="RpcException"/> from the deserializer as is.
/// </summary>
internal sealed class OtlpTraceServiceMethodProvider(OtlpTraceIngest ingest) : IServiceMethodProvider<OtlpTraceGrpcService>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<OtlpTraceGrpcService> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var export = new Method<ExportTraceServiceRequest, ExportTraceServiceResponse>(
            MethodType.Unary,
            TraceService.Descriptor.FullName,
            "Export",
            Marshallers.Create<ExportTraceServiceRequest>(Serialize, Deserialize),
            Marshallers.Create<ExportTraceServiceResponse>(Serialize, static context => ExportTraceServiceResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence())));
        context.AddUnaryMethod(export, [], static (service, request, callContext) => service.Export(request, callContext));
    }

    private static void Serialize(IMessage message, SerializationContext context)
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }

    private ExportTraceServiceRequest Deserialize(DeserializationContext context)
    {
        try
        {
            return ExportTraceServiceRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence());
        }
        catch (InvalidProtocolBufferException ex)
        {
            var message = $"The message is not a valid protobuf ExportTraceServiceRequest: {ex.Message}";
            ingest.RefuseRequest(OtlpTraceIngest.GrpcProtocol, "malformed", message);
            throw OtlpFailures.Undecodable(message).ToRpcException();
        }
    }
}
