using Microsoft.Extensions.Options;
using Prometheus;

namespace TraceFlow.Silo.Hosting;

/// <summary>Serves the process's Prometheus metrics on <c>http://{MetricsHostname}:{MetricsPort}/metrics</c>.</summary>
internal sealed partial class SiloMetricsServer(IOptions<SiloOptions> options, ILogger<SiloMetricsServer> logger)
    : IHostedService, IDisposable
{
    private MetricServer? server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.MetricsPort == 0)
        {
            LogDisabled(logger);
            return Task.CompletedTask;
        }

        server = new MetricServer(settings.MetricsHostname, settings.MetricsPort);
        server.Start();
        LogListening(logger, settings.MetricsHostname, settings.MetricsPort);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            await server.StopAsync().WaitAsync(cancellationToken);
        }
    }

    public void Dispose() => server?.Dispose();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Prometheus metrics on http://{Hostname}:{Port}/metrics")]
    private static partial void LogListening(ILogger logger, string hostname, int port);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Prometheus metrics endpoint is off (MetricsPort is 0)")]
    private static partial void LogDisabled(ILogger logger);
}
