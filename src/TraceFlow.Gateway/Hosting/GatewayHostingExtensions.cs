using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Health;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Ingest.Otlp;
using TraceFlow.Gateway.Ingest.Zipkin;
using TraceFlow.Gateway.Query;
using TraceFlow.Gateway.Query.Jaeger;
using TraceFlow.Gateway.Query.Jaeger.V3;
using TraceFlow.Gateway.Query.Zipkin;
using TraceFlow.Gateway.Sampling;
using TraceFlow.Gateway.Security;
using TraceFlow.Gateway.Serialization;
using TraceFlow.Gateway.Shutdown;
using TraceFlow.Gateway.Tenants;
using TraceFlow.Gateway.Ui;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Sampling.Collector;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Hosting;

namespace TraceFlow.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>Orleans (co-hosted silo or client), ingest (TraceFlow JSON and OTLP), query, health and metrics services, and the listeners.</summary>
    public static WebApplicationBuilder AddTraceFlowGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;

        // Before anything reads TraceFlow:Sampling, so a Collector file's policies are what the silo starts with.
        configuration.AddTailSamplingFile(builder.Environment.ContentRootPath);
        var mode = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>()?.Mode ?? GatewayMode.CoHosted;
        if (mode == GatewayMode.CoHosted)
        {
            builder.UseOrleans(silo => silo.UseTraceFlowClustering(configuration).AddTraceFlowGrains());
            builder.Services.AddTraceFlowClickHouseStorage(configuration);
        }
        else
        {
            builder.UseOrleansClient(client => client.UseTraceFlowClustering(configuration));
            builder.Services.AddTraceFlowOptions();
        }

        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DiagnosticsOptions>().BindConfiguration(DiagnosticsOptions.SectionName);
        services.AddProblemDetails();
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.AddExceptionHandler<BadHttpRequestHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default);
        });
        // Query windows default to "now" (Jaeger's last two days); a silo may have added it already.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TraceGrainReferences>();
        services.AddOptions<ReplayOptions>().BindConfiguration(ReplayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReplayBuffer>();
        services.AddHostedService<ReplayWatcher>();
        services.AddSingleton<SpanDispatcher>();
        services.AddIngestAdmission();
        services.AddOtlpIngest();
        services.AddGatewaySecurity();
        services.AddSingleton<TenantIngestLimiter>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, GatewayListeners>());
        services.AddOptions<ConnectionLimitsOptions>().BindConfiguration(ConnectionLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, GatewayConnectionLimits>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SocketTransportOptions>, GatewayConnectionLimits>());
        SharedArrayMemoryPoolFactory.Register(services);
        services.AddSingleton<ITraceReader, InMemoryTraceReader>();
        services.AddSingleton<IStatsReader, GrainStatsReader>();
        AddClickHouseReads(services, configuration);
        services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("orleans-cluster", tags: [ClusterReadinessCheck.ReadyTag]);
        services.AddGracefulShutdown();
        return builder;
    }

    /// <summary>With ClickHouse configured the query APIs read it (unless QueryMode says Memory); without, the in-memory store.</summary>
    private static void AddClickHouseReads(IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.ReadClickHouseOptions().Enabled)
        {
            services.AddClickHouseOptions(configuration);
            services.AddClickHouseQueries();
        }
    }

    /// <summary>The UI, the TraceFlow JSON API (sampling tools included), OTLP ingest, Zipkin's v2 API, the Jaeger query APIs, /metrics and the health endpoints.</summary>
    public static WebApplication MapTraceFlowGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<IngestOptions>>().Value.DecodeOnly)
        {
            GatewayLog.DecodeOnlyMode(app.Logger);
        }

        app.UseExceptionHandler();
        app.UseShutdownGate();
        app.UseStatusCodePages();
        app.UseTraceFlowUi();
        app.UseHttpMetrics();
        app.UseAuthentication();
        app.UseAuthorization();

        // Every endpoint's role; GatewaySecurityTests fails for an endpoint added without one.
        app.MapIngestEndpoints().RequireRole(GatewayRoles.Ingest);
        app.MapOtlpIngest().RequireRole(GatewayRoles.Ingest);
        app.MapZipkinIngestEndpoints().RequireRole(GatewayRoles.Ingest);
        app.MapQueryEndpoints().RequireRole(GatewayRoles.Query);
        app.MapDependencyEndpoints().RequireRole(GatewayRoles.Query);
        app.MapSamplingEndpoints().RequireRole(GatewayRoles.Query);
        app.MapJaegerEndpoints().RequireRole(GatewayRoles.Query);
        app.MapJaegerApiV3Endpoints().RequireRole(GatewayRoles.Query);
        app.MapZipkinQueryEndpoints().RequireRole(GatewayRoles.Query);
        app.MapMemoryEndpoint()?.RequireRole(GatewayRoles.Admin);

        // Open with security on: Kubernetes probes and Prometheus scrapes carry no key.
        app.MapHealthEndpoints().AllowWithoutKey();
        app.MapMetrics("/metrics").AllowWithoutKey();
        return app;
    }
}
