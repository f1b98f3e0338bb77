using Microsoft.Extensions.Hosting;

namespace TraceFlow.Sdk.Hosting;

/// <summary>
/// Starts listening when the host starts (not at the first injection of the tracer) and sends
/// what is queued when it stops; the container's disposal then drains the rest.
/// </summary>
internal sealed class TraceFlowHostedService(TraceFlowTelemetry telemetry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => telemetry.FlushAsync(cancellationToken);
}
