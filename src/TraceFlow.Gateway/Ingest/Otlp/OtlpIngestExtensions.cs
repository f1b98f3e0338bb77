using System.IO.Compression;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Net.Compression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Hosting;

namespace TraceFlow.Gateway.Ingest.Otlp;

public static class OtlpIngestExtensions
{
    /// <summary>OTLP/HTTP and OTLP/gRPC trace ingest, with the limits of <see cref="IngestOptions"/>.</summary>
    public static IServiceCollection AddOtlpIngest(this IServiceCollection services)
    {
        services.AddOptions<OtlpOptions>().BindConfiguration(OtlpOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OtlpTraceIngest>();
        services.AddGrpc();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<IngestOptions>>((grpc, ingest) =>
        {
            // One size limit for every protocol, applied to the compressed and the decompressed message.
            var maxBytes = ingest.Value.MaxRequestBytes;
            grpc.MaxReceiveMessageSize = maxBytes;
            grpc.CompressionProviders =
            [
                new BoundedDecompressionProvider(new GzipCompressionProvider(CompressionLevel.Fastest), maxBytes),
                new BoundedDecompressionProvider(new DeflateCompressionProvider(CompressionLevel.Fastest), maxBytes),
            ];
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<OtlpTraceGrpcService>, OtlpTraceServiceMethodProvider>());
        return services;
    }

    /// <summary><c>POST /v1/traces</c> and the gRPC <c>TraceService/Export</c>, on every port; conventions apply to both.</summary>
    public static IEndpointConventionBuilder MapOtlpIngest(this IEndpointRouteBuilder endpoints) =>
        new CompositeConventionBuilder([endpoints.MapOtlpHttpEndpoints(), endpoints.MapGrpcService<OtlpTraceGrpcService>()]);
}
