using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Storage;
using TraceFlow.Storage.ClickHouse.Retention;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Hosting;

public static class ClickHouseStorageHostingExtensions
{
    /// <summary>
    /// The ClickHouse options, from <c>TraceFlow:ClickHouse</c>, with the seed's
    /// <c>TRACEFLOW_CLICKHOUSE_URL</c> as the URL when the section gives none.
    /// </summary>
    public static ClickHouseOptions ReadClickHouseOptions(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(ClickHouseOptions.SectionName).Get<ClickHouseOptions>() ?? new ClickHouseOptions();
        if (string.IsNullOrWhiteSpace(options.Url))
        {
            options.Url = configuration[ClickHouseOptions.UrlVariable];
        }

        return options;
    }

    /// <summary>
    /// When ClickHouse is configured, makes it this silo's durable store: the batching sink
    /// (schema migrated at start), its backpressure on ingest, and the trace writer that feeds
    /// it. Call after <c>AddTraceFlowGrains</c>. Nothing changes when no URL is set.
    /// </summary>
    public static IServiceCollection AddTraceFlowClickHouseStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = configuration.ReadClickHouseOptions();
        if (!settings.Enabled)
        {
            return services;
        }

        services.AddClickHouseOptions(configuration);
        services.TryAddSingleton<ClickHouseDatabase>();
        services.TryAddSingleton<InMemoryTraceWriter>();
        services.AddSingleton<ClickHouseSink>();
        // First among the hosted services, so it stops last: after the silo has decided (and
        // queued) the traces it held, the sink still drains them.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<ClickHouseSink>()));
        services.AddSingleton<IWriteBackpressureSource>(sp => sp.GetRequiredService<ClickHouseSink>());
        services.AddSingleton<PartitionRetention>();
        services.AddSingleton<ClusterLeadership>();
        services.AddHostedService<RetentionService>();
        services.Replace(ServiceDescriptor.Singleton<ITraceWriter>(sp => new ClickHouseTraceWriter(
            sp.GetRequiredService<ClickHouseSink>(),
            settings.QueryMode == ClickHouseQueryMode.Memory ? sp.GetRequiredService<InMemoryTraceWriter>() : null)));
        return services;
    }

    /// <summary>Binds and validates <see cref="ClickHouseOptions"/> (start-up fails on a bad value), with the URL fallback.</summary>
    public static IServiceCollection AddClickHouseOptions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ClickHouseOptions>()
            .BindConfiguration(ClickHouseOptions.SectionName)
            .PostConfigure(o => o.Url = string.IsNullOrWhiteSpace(o.Url) ? configuration[ClickHouseOptions.UrlVariable] : o.Url)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
