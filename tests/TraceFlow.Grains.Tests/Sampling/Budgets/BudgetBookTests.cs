using TraceFlow.Grains.Sampling.Budgets;

namespace TraceFlow.Grains.Tests.Sampling.Budgets;

/// <summary>A budget grain's book: the whole limit and each partition shared among the silos reporting them.</summary>
public sealed class BudgetBookTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => Start + TimeSpan.FromSeconds(seconds);

    private static BudgetReport Report(string silo, long demand, long held, params PartitionReport[] partitions) => new(silo, 100, demand, held, [.. partitions]);

    [Fact]
    public void Book_SharesEachPartitionAmongTheSilosReportingIt()
    {
        var book = new BudgetBook();
        book.Exchange(Report("a", 30, 50, new PartitionReport("noisy", 20, 30, 10)), At(0), warmingUp: false);
        book.Exchange(Report("b", 10, 50, new PartitionReport("noisy", 20, 10, 10)), At(0.1), warmingUp: false);

        var a = book.Exchange(Report("a", 30, 50, new PartitionReport("noisy", 20, 30, 10)), At(1), warmingUp: false);

        Assert.Equal(75, a.Share);
        Assert.Equal([new PartitionShare("noisy", 15)], a.Partitions); // 20 × 30 / 40, and b holds 5 of its 10 at its next exchange
    }

    [Fact]
    public void Book_APartitionASiloStopsReporting_IsFreeForTheOthers()
    {
        var book = new BudgetBook();
        book.Exchange(Report("a", 10, 50, new PartitionReport("svc", 20, 10, 10)), At(0), warmingUp: false);
        book.Exchange(Report("b", 10, 50, new PartitionReport("svc", 20, 10, 10)), At(0.1), warmingUp: false);

        book.Exchange(Report("b", 10, 50), At(1), warmingUp: false); // b forgot its idle partition
        var a = book.Exchange(Report("a", 10, 50, new PartitionReport("svc", 20, 10, 10)), At(1.1), warmingUp: false);

        Assert.Equal([new PartitionShare("svc", 20)], a.Partitions);
    }

    [Fact]
    public void Book_APartitionNobodyReports_IsDropped()
    {
        var book = new BudgetBook();
        book.Exchange(Report("a", 10, 100, new PartitionReport("svc", 20, 10, 20)), At(0), warmingUp: false);

        book.Exchange(Report("a", 10, 100), At(1), warmingUp: false);

        Assert.Equal(0, book.PartitionCount);
    }
}
