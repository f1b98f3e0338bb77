using Microsoft.Extensions.Hosting;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>
/// Builds the silo's sampler while the host starts, so an invalid policy list stops start-up
/// with its errors instead of failing the first trace decision.
/// </summary>
internal sealed class SamplingConfigurationCheck(TailSampler sampler) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(sampler);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
