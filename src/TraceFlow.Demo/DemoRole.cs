namespace TraceFlow.Demo;

/// <summary>What one demo process does. The three services are one binary, like the seed's.</summary>
public enum DemoRole
{
    /// <summary><c>GET /checkout</c> on 9001: calls inventory, then payment.</summary>
    Checkout,

    /// <summary><c>GET /inventory</c> on 9002.</summary>
    Inventory,

    /// <summary><c>POST /pay</c> on 9003; fails as often as <c>--failure-rate</c> says.</summary>
    Payment,

    /// <summary>Not a service: sends checkout requests and reports latency (scripts/bench.sh).</summary>
    Load,
}
