using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TraceFlow.Sdk.Propagation;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Sdk.Tests.Hosting;

public sealed class TraceFlowServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddTraceFlow_RegistersTheStrictPropagatorAndTheTracer_WithOptionsFromConfiguration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TraceFlow:Sdk:Endpoint"] = "http://collector.internal:9411",
            ["TraceFlow:Sdk:MaxBatchSize"] = "64",
        });
        builder.Services.AddTraceFlow(options => options.ServiceName = "orders");
        using var host = builder.Build();

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.IsType<TraceFlowPropagator>(host.Services.GetRequiredService<DistributedContextPropagator>());
        Assert.NotNull(host.Services.GetRequiredService<TraceFlowTracer>());
        var options = host.Services.GetRequiredService<IOptions<TraceFlowOptions>>().Value;
        Assert.Equal(new Uri("http://collector.internal:9411"), options.Endpoint);
        Assert.Equal(64, options.MaxBatchSize);
        Assert.Equal("orders", host.Services.GetRequiredService<TraceFlowTelemetry>().ServiceName);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AddTraceFlow_FailsAtStartUp_NamingTheInvalidOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddTraceFlow(options => options.ServiceName = "");
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("ServiceName", error.Message, StringComparison.Ordinal);
        Assert.Contains(TraceFlowOptions.SectionName, error.Message, StringComparison.Ordinal);
    }
}
