using System.Diagnostics;
using System.Net;
using Grpc.Core;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Tests.Infrastructure;
using StatusCode = Grpc.Core.StatusCode;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>OTLP/gRPC with security on: the key travels as <c>authorization</c> metadata.</summary>
public sealed class OtlpGrpcAuthTests : IClassFixture<SecuredKestrelGatewayFactory>
{
    private readonly SecuredKestrelGatewayFactory factory;

    public OtlpGrpcAuthTests(SecuredKestrelGatewayFactory factory)
    {
        this.factory = factory;
        factory.StartServer();
    }

    [Fact]
    public async Task RealOtlpExporter_WithTheKeyInItsHeaders_WritesToTheKeysTenant()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var source = new ActivitySource($"Tests.GrpcAuth.{run}");
        Activity span;
        using (var provider = ExporterProviders.Otlp($"grpc-{run}", source.Name, OtlpExportProtocol.Grpc, factory.OtlpGrpcAddress, $"authorization=Bearer {TestKeys.KeyB}"))
        {
            Activity.Current = null;
            span = source.StartActivity("export", ActivityKind.Server)!;
            span.Stop();
            Assert.True(provider.ForceFlush(10_000));
        }

        var traceId = span.TraceId.ToHexString();
        var ofB = await new GatewayClient(factory, TestKeys.KeyB).WaitForTraceAsync(traceId);
        Assert.Contains($"grpc-{run}", ofB.ToString(), StringComparison.Ordinal);
        var (status, _) = await new GatewayClient(factory, TestKeys.KeyA).GetJsonAsync($"/api/traces/{traceId}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task RealOtlpExporter_WithAKeyWithoutTheIngestRole_GetsNothingStored()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        using var source = new ActivitySource($"Tests.GrpcQueryKey.{run}");
        Activity refused, accepted;
        using (var provider = ExporterProviders.Otlp($"refused-{run}", source.Name, OtlpExportProtocol.Grpc, factory.OtlpGrpcAddress, $"authorization=Bearer {TestKeys.QueryOnlyKey}"))
        {
            Activity.Current = null;
            refused = source.StartActivity("export", ActivityKind.Server)!;
            refused.Stop();
            provider.ForceFlush(10_000);
        }

        // A trace sent after it with the right key is decided by the same clock: once it is readable, the refused one would be too.
        using (var provider = ExporterProviders.Otlp($"accepted-{run}", source.Name, OtlpExportProtocol.Grpc, factory.OtlpGrpcAddress, $"authorization=Bearer {TestKeys.KeyA}"))
        {
            Activity.Current = null;
            accepted = source.StartActivity("export", ActivityKind.Server)!;
            accepted.Stop();
            Assert.True(provider.ForceFlush(10_000));
        }

        var reader = new GatewayClient(factory, TestKeys.KeyA);
        await reader.WaitForTraceAsync(accepted.TraceId.ToHexString());
        var (status, _) = await reader.GetJsonAsync($"/api/traces/{refused.TraceId.ToHexString()}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Theory]
    [InlineData(null, StatusCode.Unauthenticated)]
    [InlineData("Bearer not-a-configured-key", StatusCode.Unauthenticated)]
    [InlineData("Bearer " + TestKeys.QueryOnlyKey, StatusCode.PermissionDenied)]
    [InlineData("Bearer " + TestKeys.IngestOnlyKey, StatusCode.OK)]
    public async Task Export_AnswersTheStatusOfItsKey(string? authorization, StatusCode expected)
    {
        using var client = new OtlpGrpcClient(factory.OtlpGrpcAddress);
        var metadata = authorization is null ? null : new Metadata { { "authorization", authorization } };

        var status = StatusCode.OK;
        try
        {
            await client.ExportAsync(new ExportTraceServiceRequest(), metadata);
        }
        catch (RpcException ex)
        {
            status = ex.StatusCode;
        }

        Assert.Equal(expected, status);
    }
}
