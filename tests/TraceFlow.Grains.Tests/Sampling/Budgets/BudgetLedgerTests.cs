using TraceFlow.Grains.Sampling.Budgets;

namespace TraceFlow.Grains.Tests.Sampling.Budgets;

/// <summary>How a budget's grain shares one limit among silos.</summary>
public sealed class BudgetLedgerTests
{
    private const long Limit = 100;
    private static readonly TimeSpan Lease = RateBudgetRegistry.Lease;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => Start + TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Ledger_SharesInProportionToDemand()
    {
        var ledger = new BudgetLedger();

        // Each silo starts on half; a wants three quarters.
        Assert.Equal(50, ledger.Grant("a", 300, 50, Limit, At(0), warmingUp: true, Lease));
        Assert.Equal(25, ledger.Grant("b", 100, 50, Limit, At(0.1), warmingUp: true, Lease));
        Assert.Equal(75, ledger.Grant("a", 300, 50, Limit, At(1), warmingUp: false, Lease)); // b let go of its room
    }

    [Fact]
    public void Ledger_ASiloGrowsOnlyIntoRoomOthersDoNotHold_ButKeepsWhatItHolds()
    {
        var ledger = new BudgetLedger();
        ledger.Grant("a", 0, 50, Limit, At(0), warmingUp: false, Lease);
        ledger.Grant("b", 0, 50, Limit, At(0), warmingUp: false, Lease);

        // All demand moves to a: it keeps its 50 until b gives its half up...
        Assert.Equal(50, ledger.Grant("a", 200, 50, Limit, At(1), warmingUp: false, Lease));
        Assert.Equal(0, ledger.Grant("b", 0, 50, Limit, At(1.5), warmingUp: false, Lease));

        // ...and takes all of it at its next exchange.
        Assert.Equal(100, ledger.Grant("a", 200, 50, Limit, At(2), warmingUp: false, Lease));
    }

    [Fact]
    public void Ledger_SplitsEquallyWhileNobodyWantsAnything()
    {
        var ledger = new BudgetLedger();
        ledger.Grant("a", 0, 0, Limit, At(0), warmingUp: false, Lease);
        ledger.Grant("b", 0, 0, Limit, At(0), warmingUp: false, Lease);
        ledger.Grant("c", 0, 0, Limit, At(0), warmingUp: false, Lease);

        Assert.Equal(33, ledger.Grant("a", 0, 0, Limit, At(1), warmingUp: false, Lease));
    }

    [Fact]
    public void Ledger_ForgetsASiloSilentForALease_AndItsShareGoesToTheOthers()
    {
        var ledger = new BudgetLedger();
        ledger.Grant("a", 10, 50, Limit, At(0), warmingUp: false, Lease);
        ledger.Grant("b", 10, 50, Limit, At(0), warmingUp: false, Lease);

        Assert.Equal(50, ledger.Grant("a", 10, 50, Limit, At(2), warmingUp: false, Lease)); // b may still be alive
        Assert.Equal(100, ledger.Grant("a", 10, 50, Limit, At(3.5), warmingUp: false, Lease)); // b is gone

        Assert.Equal(1, ledger.Count);
    }

    [Fact]
    public void Ledger_ANewActivation_LetsSilosKeepAtMostWhatTheyHoldUntilItHasHeardFromAll()
    {
        // The grain's silo died: silos hold 70 and 30 from the old activation; a reports first.
        var ledger = new BudgetLedger();

        Assert.Equal(70, ledger.Grant("a", 100, 70, Limit, At(0), warmingUp: true, Lease)); // would be 100 without b
        Assert.Equal(30, ledger.Grant("b", 100, 30, Limit, At(0.5), warmingUp: true, Lease));
        Assert.Equal(50, ledger.Grant("a", 100, 70, Limit, At(3), warmingUp: false, Lease));
        Assert.Equal(50, ledger.Grant("b", 100, 30, Limit, At(3.5), warmingUp: false, Lease));
    }

    [Fact]
    public void Ledger_WhateverTheDemand_TheSharesHeldNeverAddUpToMoreThanTheLimit()
    {
        // Every period each silo reports once, in a random order, with a random demand; the
        // ledger is new, so its first lease is its warm-up, as in a new grain activation.
        var random = new Random(20260101);
        var ledger = new BudgetLedger();
        string[] silos = ["a", "b", "c", "d"];
        var held = silos.ToDictionary(s => s, _ => Limit / silos.Length);
        for (var period = 0; period < 500; period++)
        {
            var order = silos.OrderBy(_ => random.Next()).ToList();
            for (var i = 0; i < order.Count; i++)
            {
                var now = At(period + (i * 0.2));
                var demand = random.Next(3) == 0 ? 0 : random.Next(1, 1_000);
                held[order[i]] = ledger.Grant(order[i], demand, held[order[i]], Limit, now, warmingUp: now - Start < Lease, Lease);

                Assert.True(held.Values.Sum() <= Limit, $"period {period}: {string.Join(", ", held)}");
            }
        }
    }
}
