using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TraceFlow.Sdk.Hosting;

/// <summary>
/// Starts listening when the host starts (not at the first injection of the tracer) and sends
/// what is queued when it stops; the container's disposal then drains the rest.
/// </summary>
internal sealed partial class TraceFlowHostedService(TraceFlowTelemetry telemetry, ILogger<TraceFlowHostedService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await telemetry.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout came first (the collector is slow or down). Disposal
            // tries once more within ShutdownTimeout and counts what it can't send.
            LogFlushInterrupted(telemetry.Statistics.Enqueued - telemetry.Statistics.Completed);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Host shutdown interrupted the span flush with {SpanCount} spans unsent")]
    private partial void LogFlushInterrupted(long spanCount);
}
