using TraceFlow.Grains.Sampling.Budgets;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>
/// What stateful policies need from their host: a clock (a replayed one for previews) and the
/// rate budgets, which outlive any one policy set so a reload keeps them (cluster-wide in a silo).
/// </summary>
public sealed record PolicyContext(TimeProvider Time, RateBudgetRegistry Budgets)
{
    /// <summary>A context with budgets of its own, local to it (each share is the whole limit).</summary>
    public PolicyContext(TimeProvider time)
        : this(time, new RateBudgetRegistry(time))
    {
    }

    /// <summary>A new context on the system clock with local budgets (tests and tools).</summary>
    public static PolicyContext System => new(TimeProvider.System);
}
