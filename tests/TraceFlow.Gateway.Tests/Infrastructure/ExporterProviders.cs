using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>
/// Tracer providers of the real OpenTelemetry SDK, one per simulated service: its own
/// <c>ActivitySource</c>, its service name, and an exporter that sends each span as it ends
/// (nothing waits on a batch timer).
/// </summary>
internal static class ExporterProviders
{
    /// <summary><paramref name="headers"/> in the exporter's own form, <c>key=value,key=value</c>.</summary>
    public static TracerProvider Otlp(string service, string source, OtlpExportProtocol protocol, Uri endpoint, string? headers = null) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource(source)
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(service))
            .AddOtlpExporter(o =>
            {
                o.Protocol = protocol;
                o.Endpoint = endpoint;
                o.Headers = headers;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();

#pragma warning disable CS0618 // The Zipkin exporter is obsolete in favour of OTLP; it is here precisely to prove that Zipkin clients interoperate.
    public static TracerProvider Zipkin(string service, string source, HttpClient http) =>
        Sdk.CreateTracerProviderBuilder()
            .AddSource(source)
            .ConfigureResource(resource => resource.AddService(service))
            .AddZipkinExporter(options =>
            {
                options.Endpoint = new Uri(http.BaseAddress!, "/api/v2/spans");
                options.HttpClientFactory = () => http;
                options.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();
#pragma warning restore CS0618
}
