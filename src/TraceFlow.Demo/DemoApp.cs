using System.ComponentModel.DataAnnotations;
using System.Globalization;
using TraceFlow.Demo.Checkout;
using TraceFlow.Demo.Inventory;
using TraceFlow.Demo.Payment;
using TraceFlow.Sdk;

namespace TraceFlow.Demo;

/// <summary>Builds one demo service: its endpoints, TraceFlow tracing and the clients it calls.</summary>
public static class DemoApp
{
    /// <summary>Environment variable naming the collector, as the scripts and Compose set it.</summary>
    public const string CollectorEnvironmentVariable = "TRACEFLOW_COLLECTOR_URL";

    public static WebApplication Build(DemoRole role, string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        AddDemoConfiguration(builder.Configuration, args);
        configure?.Invoke(builder);
        var options = Bind(builder.Configuration);
        var port = options.Port ?? DemoOptions.DefaultPort(role);
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new DemoRandom(options.Seed));
        builder.Services.AddProblemDetails();
        builder.Services.AddTraceFlow(tracing =>
        {
            tracing.ServiceName = role.ToString().ToLowerInvariant();
            tracing.Endpoint = options.CollectorUrl;
        });
        if (role == DemoRole.Checkout)
        {
            builder.Services.AddHttpClient(CheckoutEndpoints.InventoryClient, http => http.BaseAddress = options.InventoryUrl);
            builder.Services.AddHttpClient(CheckoutEndpoints.PaymentClient, http => http.BaseAddress = options.PaymentUrl);
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapGet("/healthz", () => TypedResults.Json(new HealthResponse("ok", role.ToString().ToLowerInvariant()), DemoJsonContext.Default.HealthResponse));
        switch (role)
        {
            case DemoRole.Checkout:
                app.MapCheckoutEndpoints();
                break;
            case DemoRole.Inventory:
                app.MapInventoryEndpoints();
                break;
            case DemoRole.Payment:
                app.MapPaymentEndpoints();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(role), role, "the load generator is not a service");
        }

        return app;
    }

    /// <summary>The options of a role that runs no web host (the load generator).</summary>
    public static DemoOptions ReadOptions(string[] args)
    {
        var configuration = new ConfigurationManager();
        AddDemoConfiguration(configuration, args);
        return Bind(configuration);
    }

    /// <summary>Environment first, then the command line (with the short switches), which wins.</summary>
    private static void AddDemoConfiguration(IConfigurationBuilder configuration, string[] args)
    {
        if (Environment.GetEnvironmentVariable(CollectorEnvironmentVariable) is { Length: > 0 } collector)
        {
            configuration.AddInMemoryCollection([new($"{DemoOptions.SectionName}:{nameof(DemoOptions.CollectorUrl)}", collector)]);
        }

        configuration.AddCommandLine(args, DemoOptions.CommandLine.ToDictionary());
    }

    private static DemoOptions Bind(ConfigurationManager configuration)
    {
        var options = new DemoOptions();
        configuration.GetSection(DemoOptions.SectionName).Bind(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}
