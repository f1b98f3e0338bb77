using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// Configuration sources exist before logging does; this hands each Collector file source a
/// logger once the host starts, so a rejected edit of the file is logged.
/// </summary>
internal sealed class CollectorFileLogging(IConfiguration configuration, ILogger<CollectorFileConfigurationProvider> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in Providers(configuration))
        {
            provider.AttachLogger(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static IEnumerable<CollectorFileConfigurationProvider> Providers(IConfiguration configuration) =>
        configuration is IConfigurationRoot root
            ? root.Providers.SelectMany(p => p switch
            {
                CollectorFileConfigurationProvider file => [file],
                ChainedConfigurationProvider chained => Providers(chained.Configuration),
                _ => [],
            })
            : [];
}
