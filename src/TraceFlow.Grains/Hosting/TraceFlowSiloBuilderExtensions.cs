using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Cluster;
using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Budgets;
using TraceFlow.Grains.Sampling.Collector;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Tenants;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Hosting;

public static class TraceFlowSiloBuilderExtensions
{
    /// <summary>
    /// Adds TraceFlow's grains and their per-silo services: tail sampler and its rate-budget
    /// exchange, decision cache, decision wheel, live-trace limiter, stats pre-aggregation, the
    /// batching trace writer, the store's hand-over on a graceful stop and the count of traces
    /// lost with dead silos.
    /// </summary>
    public static ISiloBuilder AddTraceFlowGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(ClusterRateBudgets);
        services.AddTraceFlowOptions();
        services.AddSingleton<TailSampler>();
        services.AddHostedService<RateBudgetExchange>();
        services.AddHostedService<SamplingConfigurationCheck>();
        services.AddSingleton<DecisionCache>();
        services.AddSingleton<LiveTraceLimiter>();
        services.AddSingleton<DecisionWheel>();
        services.AddSingleton<SiloStatsAggregator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StatsOptions>>().Value;
            return new OperationMetrics(Prometheus.Metrics.DefaultFactory, new MetricSeriesCap(options.MaxMetricSeries, options.MaxMetricServices));
        });
        services.AddSingleton<StatsFlushService>();
        services.AddHostedService(sp => sp.GetRequiredService<StatsFlushService>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<StatsFlushService>());
        services.AddSingleton<UnreplayableTraces>();
        services.AddSingleton(sp => new SettledTraceNotifier(sp.GetRequiredService<ILocalSiloDetails>().SiloAddress, sp.GetRequiredService<ILogger<SettledTraceNotifier>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SettledTraceNotifier>());
        services.AddSingleton<SiloLossTracker>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloLossTracker>());
        services.TryAddSingleton<InMemoryTraceWriter>();
        services.TryAddSingleton<ITraceWriter>(sp => sp.GetRequiredService<InMemoryTraceWriter>());
        services.AddSingleton<StoreHandOver>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<StoreHandOver>());
        services.AddSingleton<TraceWriteQueue>();
        services.AddSingleton<IWriteBackpressureSource>(sp => sp.GetRequiredService<TraceWriteQueue>());
        services.AddSingleton<WriteBackpressure>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TraceWriteQueue>());
        return silo;
    }

    /// <summary>Binds and validates the options that silos and gateways share.</summary>
    public static IServiceCollection AddTraceFlowOptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions<TraceGrainOptions>(TraceGrainOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<TraceGrainOptions>, CollectorLifecycleSettings>());
        services.AddReloadableSamplingOptions();
        services.TryAddSingleton(sp =>
        {
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            return new PolicyContext(time, sp.GetService<RateBudgetRegistry>() ?? new RateBudgetRegistry(time));
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CollectorFileLogging>());
        services.AddValidatedOptions<StatsOptions>(StatsOptions.SectionName);
        services.AddValidatedOptions<StorageOptions>(StorageOptions.SectionName);
        services.AddOptions<TenantLimitsOptions>().BindConfiguration(TenantLimitsOptions.SectionName)
            .Validate(o => o.Defaults.IsValid && o.Tenants.Values.All(t => t.IsValid), $"{TenantLimitsOptions.SectionName}: every limit that is set must be positive.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// The silo's rate budgets: shares start at the limit divided by the active silos (this
    /// one counted even while it joins) and then follow the exchange with each budget's grain.
    /// </summary>
    private static RateBudgetRegistry ClusterRateBudgets(IServiceProvider services)
    {
        var membership = services.GetRequiredService<IClusterMembershipService>();
        var self = services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        return new RateBudgetRegistry(
            services.GetRequiredService<TimeProvider>(),
            () => 1 + membership.CurrentSnapshot.Members.Count(m => m.Value.Status == SiloStatus.Active && !m.Key.Equals(self)));
    }

    /// <summary>
    /// Sampling options follow configuration changes. They are validated by whoever builds
    /// policies from them (the sampler at start-up and on reload), never inside the options
    /// monitor, where a failure would surface in the configuration watcher and not roll back.
    /// </summary>
    private static void AddReloadableSamplingOptions(this IServiceCollection services)
    {
        services.AddOptions<TailSamplingOptions>()
            .Configure<IConfiguration>((options, configuration) => TailSamplingOptions.Bind(options, configuration.GetSection(TailSamplingOptions.SectionName)));
        services.AddSingleton<IOptionsChangeTokenSource<TailSamplingOptions>>(sp =>
            new ConfigurationChangeTokenSource<TailSamplingOptions>(sp.GetRequiredService<IConfiguration>().GetSection(TailSamplingOptions.SectionName)));
    }

    private static void AddValidatedOptions<TOptions>(this IServiceCollection services, string section)
        where TOptions : class =>
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
