using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TraceFlow.Gateway.Ingest.Admission;

public static class AdmissionServiceCollectionExtensions
{
    /// <summary>Admission control for ingest and the memory monitor it sheds by.</summary>
    public static IServiceCollection AddIngestAdmission(this IServiceCollection services)
    {
        services.AddOptions<AdmissionOptions>().BindConfiguration(AdmissionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IProcessMemory, ProcessMemory>();
        services.AddSingleton<MemoryPressureMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<MemoryPressureMonitor>());
        services.AddSingleton<AdaptiveConcurrencyLimit>();
        services.AddSingleton<IngestAdmission>();
        return services;
    }
}
