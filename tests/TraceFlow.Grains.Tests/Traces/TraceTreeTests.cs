using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class TraceTreeTests
{
    [Fact]
    public void ServiceCalls_OfTheSeedDemo_AreCheckoutToInventoryAndPayment()
    {
        var calls = TraceTree.ServiceCalls([
            Span("t", "root", service: "checkout"),
            Span("t", "inv", parent: "root", service: "inventory", startOffsetMs: 1),
            Span("t", "pay", parent: "root", service: "payment", startOffsetMs: 2, status: SpanStatusCode.Error),
            Span("t", "inner", parent: "pay", service: "payment", startOffsetMs: 3)]);

        Assert.Equal(
            [new ServiceCall("checkout", "inventory", 1, 0), new ServiceCall("checkout", "payment", 1, 1)],
            calls);
    }

    [Fact]
    public void TimedServiceCalls_TakeEachCallsDurationFromTheChildSpan_InStartOrder()
    {
        var calls = TraceTree.TimedServiceCalls([
            Span("t", "root", service: "checkout", durationMs: 900),
            Span("t", "pay-client", parent: "root", service: "checkout", startOffsetMs: 1, durationMs: 300),
            Span("t", "pay-2", parent: "pay-client", service: "payment", startOffsetMs: 50, durationMs: 40, status: SpanStatusCode.Error),
            Span("t", "pay-1", parent: "pay-client", service: "payment", startOffsetMs: 2, durationMs: 250),
            Span("t", "inv", parent: "root", service: "inventory", startOffsetMs: 3, durationMs: 12.5),
            Span("t", "db", parent: "inv", service: "inventory", startOffsetMs: 4, durationMs: 7),
            Span("t", "orphan", parent: "missing", service: "ledger", startOffsetMs: 5, durationMs: 99)]);

        Assert.Equal(
            [
                (new ServiceCall("checkout", "payment", 2, 1), new long[] { 250_000_000, 40_000_000 }),
                (new ServiceCall("checkout", "inventory", 1, 0), new long[] { 12_500_000 }),
            ],
            calls.Select(c => (c.Call, c.DurationsNanos.ToArray())));
    }

    [Fact]
    public void FindRoot_WithACycle_TerminatesAndPicksTheEarliestSpan()
    {
        var root = TraceTree.FindRoot([
            Span("t", "a", parent: "b", startOffsetMs: 5),
            Span("t", "b", parent: "a", startOffsetMs: 1)]);

        Assert.Equal("b", root!.SpanId);
    }

    [Fact]
    public void FindRoot_PrefersASpanWhoseParentIsMissing()
    {
        var root = TraceTree.FindRoot([
            Span("t", "child", parent: "root", startOffsetMs: 0),
            Span("t", "orphan-parent", parent: "elsewhere", startOffsetMs: 3),
            Span("t", "root", parent: "child", startOffsetMs: 1)]);

        Assert.Equal("orphan-parent", root!.SpanId);
    }
}
