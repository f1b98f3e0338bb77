using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Storage.ClickHouse.Reading;

namespace TraceFlow.Storage.ClickHouse.Hosting;

public static class ClickHouseQueryServiceCollectionExtensions
{
    /// <summary>
    /// The read side of ClickHouse storage: when a URL is set and <see cref="ClickHouseOptions.QueryMode"/> is
    /// <see cref="ClickHouseQueryMode.ClickHouse"/> (the default), <see cref="ITraceReader"/> and
    /// <see cref="IStatsReader"/> answer from ClickHouse; otherwise the readers registered before
    /// this call (the in-memory ones) stay. Call it after those are registered. The mode is read
    /// when a reader is first resolved, from the bound options.
    /// </summary>
    public static IServiceCollection AddClickHouseQueries(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ClickHouseOptions>().BindConfiguration(ClickHouseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ClickHouseDatabase>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClickHouseTraceReader>();
        services.TryAddSingleton<ClickHouseStatsReader>();
        ChooseByQueryMode<ITraceReader, ClickHouseTraceReader>(services);
        ChooseByQueryMode<IStatsReader, ClickHouseStatsReader>(services);
        return services;
    }

    /// <summary>Replaces the registration of <typeparamref name="TService"/> with one that picks by query mode.</summary>
    private static void ChooseByQueryMode<TService, TClickHouse>(IServiceCollection services)
        where TService : class
        where TClickHouse : class, TService
    {
        var memory = services.LastOrDefault(d => d.ServiceType == typeof(TService) && !d.IsKeyedService);
        services.Replace(ServiceDescriptor.Singleton<TService>(provider =>
            provider.GetRequiredService<IOptions<ClickHouseOptions>>().Value is { Enabled: true, QueryMode: ClickHouseQueryMode.ClickHouse }
                ? provider.GetRequiredService<TClickHouse>()
                : memory is null
                    ? throw new InvalidOperationException($"Query mode is {ClickHouseQueryMode.Memory} but no in-memory {typeof(TService).Name} is registered; register it before calling {nameof(AddClickHouseQueries)}.")
                    : (TService)Create(provider, memory)));
    }

    private static object Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(provider)
        ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!);
}
