using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TraceFlow.Demo.Tests.Infrastructure;

/// <summary>
/// The collector and the demo services, each a real Kestrel server on a free port in this process:
/// inventory, a payment service that always succeeds and one that always fails, and a checkout
/// in front of each payment service.
/// </summary>
public sealed class DemoEnvironment : IAsyncLifetime
{
    private readonly List<WebApplication> services = [];

    public CollectorFactory Collector { get; } = new();

    public HttpClient CollectorClient { get; private set; } = null!;

    public Uri Checkout { get; private set; } = null!;

    /// <summary>A checkout whose payment service declines every charge.</summary>
    public Uri FailingCheckout { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Collector.StartServer();
        CollectorClient = new HttpClient { BaseAddress = Collector.Address };
        var inventory = await StartAsync(DemoRole.Inventory);
        var payment = await StartAsync(DemoRole.Payment);
        var failingPayment = await StartAsync(DemoRole.Payment, "--failure-rate", "1");
        Checkout = new Uri(await StartAsync(DemoRole.Checkout, "--inventory-url", inventory.ToString(), "--payment-url", payment.ToString()), "/checkout");
        FailingCheckout = new Uri(await StartAsync(DemoRole.Checkout, "--inventory-url", inventory.ToString(), "--payment-url", failingPayment.ToString()), "/checkout");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in services)
        {
            await service.DisposeAsync();
        }

        CollectorClient.Dispose();
        await Collector.DisposeAsync();
    }

    private async Task<Uri> StartAsync(DemoRole role, params string[] args)
    {
        var app = DemoApp.Build(role, ["--port", "0", "--collector", Collector.Address.ToString(), .. args], builder =>
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Several services share this process: report only spans that belong to one of them.
                ["TraceFlow:Sdk:ReportUnattributedActivities"] = "false",
                ["TraceFlow:Sdk:FlushInterval"] = "00:00:00.100",
            }));
        await app.StartAsync(TestContext.Current.CancellationToken);
        services.Add(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address);
    }
}

/// <summary>One collector and one set of demo services for every test class that needs them.</summary>
[CollectionDefinition(Name)]
public sealed class DemoCollection : ICollectionFixture<DemoEnvironment>
{
    public const string Name = "Demo";
}
