namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// The silo's rate budgets, one per policy name and shape. Policy sets are rebuilt on every
/// configuration reload; asking here for the same name and shape returns the same budget, so
/// a reloaded policy carries on with its second's count and its cluster-wide share. A budget
/// lives as long as some policy holds it (the registry only holds it weakly).
/// </summary>
/// <remarks>
/// Without an exchange (a process that is not a silo, or a single policy set in a test) the
/// registry is local: with one active silo every budget's share is its whole limit, which is
/// the Collector's behaviour. In a silo, <see cref="RateBudgetExchange"/> trades each budget's
/// demand for its share every <see cref="Period"/>.
/// </remarks>
public sealed class RateBudgetRegistry
{
    /// <summary>How often silos exchange demand for shares.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    /// <summary>How long a share stands without an exchange; a silo silent for longer is taken to be gone.</summary>
    public static readonly TimeSpan Lease = 3 * Period;

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly Func<int> activeSilos;
    private readonly Dictionary<string, Entry> budgets = new(StringComparer.Ordinal);

    /// <summary>A local registry: every share is the whole limit.</summary>
    public RateBudgetRegistry(TimeProvider time)
        : this(time, () => 1)
    {
    }

    /// <param name="activeSilos">The active silos in the cluster, this one included; shares start at the limit divided by it.</param>
    public RateBudgetRegistry(TimeProvider time, Func<int> activeSilos)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(activeSilos);
        this.time = time;
        this.activeSilos = activeSilos;
    }

    /// <summary>The budget of the policy <paramref name="name"/> with <paramref name="shape"/>, new or carried on.</summary>
    public RateBudget GetOrAdd(string name, BudgetShape shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        var key = $"{name}|{shape.Signature}";
        lock (gate)
        {
            if (budgets.TryGetValue(key, out var entry) && entry.Budget.TryGetTarget(out var existing))
            {
                return existing;
            }

            entry?.Metric.Release();
            var metric = new ShareMetric(name);
            var budget = new RateBudget(name, shape, time, activeSilos(), metric);
            budgets[key] = new Entry(new WeakReference<RateBudget>(budget), metric);
            return budget;
        }
    }

    /// <summary>The budgets some policy still holds; forgets the others.</summary>
    public IReadOnlyList<RateBudget> Live()
    {
        lock (gate)
        {
            var live = new List<RateBudget>(budgets.Count);
            foreach (var (key, entry) in budgets.ToList())
            {
                if (entry.Budget.TryGetTarget(out var budget))
                {
                    live.Add(budget);
                }
                else
                {
                    entry.Metric.Release();
                    budgets.Remove(key);
                }
            }

            return live;
        }
    }

    /// <summary>Tells every live budget how many silos are active now.</summary>
    public int RefreshSilos()
    {
        var silos = activeSilos();
        foreach (var budget in Live())
        {
            budget.Refresh(silos);
        }

        return silos;
    }

    private sealed record Entry(WeakReference<RateBudget> Budget, ShareMetric Metric);
}
