using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Demo.Inventory;

/// <summary><c>GET /inventory?sku=&amp;quantity=</c>: looks the item up, inside a manual <c>inventory.lookup</c> span.</summary>
public static class InventoryEndpoints
{
    public static void MapInventoryEndpoints(this IEndpointRouteBuilder app) => app.MapGet("/inventory", LookupAsync);

    public static async Task<JsonHttpResult<StockResponse>> LookupAsync(
        string sku, int? quantity, TraceFlowTracer tracer, DemoRandom random, TimeProvider time, CancellationToken cancellationToken)
    {
        var wanted = quantity ?? 1;
        using var lookup = tracer.StartSpan("inventory.lookup", attributes: [new("inventory.sku", sku), new("inventory.quantity", wanted)]);
        await random.WorkAsync(10, 40, time, cancellationToken);
        lookup?.SetTag("inventory.in_stock", true);
        return TypedResults.Json(new StockResponse(sku, wanted, InStock: true), DemoJsonContext.Default.StockResponse);
    }
}
