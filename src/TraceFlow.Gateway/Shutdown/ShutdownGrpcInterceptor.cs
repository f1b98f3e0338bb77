using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Otlp;

namespace TraceFlow.Gateway.Shutdown;

/// <summary>OTLP/gRPC's side of <see cref="ShutdownGate"/>: once stopping, every call is UNAVAILABLE with RetryInfo.</summary>
internal sealed class ShutdownGrpcInterceptor(ShutdownState state, IOptions<IngestOptions> ingest) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        if (!state.Stopping)
        {
            return continuation(request, context);
        }

        state.CountRefused();
        GatewayMetrics.RejectRequest(OtlpTraceIngest.GrpcProtocol, ShutdownGate.Reason);
        throw OtlpFailures.Unavailable(ShutdownGate.Message, ingest.Value.RetryAfter).ToRpcException();
    }
}
