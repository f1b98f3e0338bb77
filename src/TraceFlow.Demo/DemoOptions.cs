using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Demo;

/// <summary>The demo services' settings: section <c>Demo</c>, or the command-line switches in <see cref="CommandLine"/>.</summary>
public sealed class DemoOptions
{
    public const string SectionName = "Demo";

    /// <summary>Switch → configuration key, so <c>--port 9001</c> works like <c>--Demo:Port=9001</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommandLine = new Dictionary<string, string>
    {
        ["--port"] = "Demo:Port",
        ["--collector"] = "Demo:CollectorUrl",
        ["--inventory-url"] = "Demo:InventoryUrl",
        ["--payment-url"] = "Demo:PaymentUrl",
        ["--failure-rate"] = "Demo:PaymentFailureRate",
        ["--seed"] = "Demo:Seed",
        ["--url"] = "Demo:CheckoutUrl",
        ["--requests"] = "Demo:Requests",
        ["--concurrency"] = "Demo:Concurrency",
    };

    /// <summary>Where the role listens on 127.0.0.1; 0 picks a free port (tests).</summary>
    [Range(0, 65535)]
    public int? Port { get; set; }

    /// <summary>The TraceFlow collector spans are sent to (also <c>TRACEFLOW_COLLECTOR_URL</c>).</summary>
    public Uri CollectorUrl { get; set; } = new("http://127.0.0.1:9411");

    public Uri InventoryUrl { get; set; } = new("http://127.0.0.1:9002");

    public Uri PaymentUrl { get; set; } = new("http://127.0.0.1:9003");

    /// <summary>Share of payments that fail (0–1), so error sampling has something to find.</summary>
    [Range(0.0, 1.0)]
    public double PaymentFailureRate { get; set; }

    /// <summary>Seeds the simulated latencies and failures; unset means a different run each time.</summary>
    public int? Seed { get; set; }

    /// <summary>Load role: the checkout endpoint to call.</summary>
    public Uri CheckoutUrl { get; set; } = new("http://127.0.0.1:9001/checkout");

    [Range(1, 10_000_000)]
    public int Requests { get; set; } = 100;

    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 10;

    public static int DefaultPort(DemoRole role) => role switch
    {
        DemoRole.Checkout => 9001,
        DemoRole.Inventory => 9002,
        DemoRole.Payment => 9003,
        _ => 0,
    };
}
