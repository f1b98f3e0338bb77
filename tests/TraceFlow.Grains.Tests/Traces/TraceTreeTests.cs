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
