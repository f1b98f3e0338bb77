using System.Net;
using Google.Rpc;
using Grpc.Core;
using RpcStatus = Google.Rpc.Status;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>What OTLP clients need to see in a retryable refusal (503 / UNAVAILABLE) to wait and send again.</summary>
public static class RetryableRefusal
{
    /// <summary>OTLP/HTTP protobuf: 503, <c>Retry-After</c>, and a <c>google.rpc.Status</c> UNAVAILABLE whose <c>RetryInfo</c> says the same delay.</summary>
    public static async Task AssertOtlpHttpAsync(HttpResponseMessage response, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(retryAfter, response.Headers.RetryAfter?.Delta);
        var status = RpcStatus.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(GatewayClient.Cancel));
        Assert.Equal((int)Code.Unavailable, status.Code);
        Assert.Equal(retryAfter, Assert.Single(status.Details).Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    /// <summary>OTLP/gRPC: UNAVAILABLE with a <c>RetryInfo</c> detail of <paramref name="retryAfter"/>.</summary>
    public static void AssertGrpc(RpcException error, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(error);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Equal(retryAfter, error.GetRpcStatus()!.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan());
    }
}
