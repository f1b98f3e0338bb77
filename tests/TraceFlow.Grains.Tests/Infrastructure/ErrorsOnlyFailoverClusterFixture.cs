using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using TraceFlow.Grains.Sampling;

namespace TraceFlow.Grains.Tests.Infrastructure;

/// <summary>The three failover silos, keeping only traces with an error span: every other trace is dropped.</summary>
public sealed class ErrorsOnlyFailoverClusterFixture : FailoverClusterFixture
{
    protected override Type ConfiguratorType => typeof(Configurator);

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            ConfigureFailover(siloBuilder);
            siloBuilder.Services.Configure<TailSamplingOptions>(o =>
            {
                o.KeepAll = false;
                o.KeepErrors = true;
                o.SlowThreshold = TimeSpan.Zero;
                o.SampleRate = 0;
            });
        }
    }
}
