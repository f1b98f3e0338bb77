using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Demo.Inventory;
using TraceFlow.Demo.Payment;

namespace TraceFlow.Demo.Checkout;

/// <summary>
/// <c>GET /checkout</c>: reserves stock at inventory, then charges at payment. Both calls go
/// through IHttpClientFactory clients, so TraceFlow records them as client spans and passes
/// <c>traceparent</c> on; the answer carries the trace id to look up in the collector.
/// </summary>
public static class CheckoutEndpoints
{
    public const string InventoryClient = "inventory";
    public const string PaymentClient = "payment";

    private static readonly string[] Skus = ["book-42", "mug-7", "shirt-3", "lamp-9"];

    public static void MapCheckoutEndpoints(this IEndpointRouteBuilder app) => app.MapGet("/checkout", CheckoutAsync);

    public static async Task<JsonHttpResult<CheckoutResponse>> CheckoutAsync(
        IHttpClientFactory clients, DemoRandom random, TimeProvider time, CancellationToken cancellationToken)
    {
        var traceId = Activity.Current?.TraceId.ToHexString() ?? "";
        var sku = Skus[random.Next(0, Skus.Length)];
        var quantity = random.Next(1, 4);
        Activity.Current?.SetTag("checkout.sku", sku);
        Activity.Current?.SetTag("checkout.quantity", quantity);
        await random.WorkAsync(2, 8, time, cancellationToken);

        var inventory = clients.CreateClient(InventoryClient);
        using (var stock = await inventory.GetAsync(string.Create(CultureInfo.InvariantCulture, $"inventory?sku={sku}&quantity={quantity}"), cancellationToken))
        {
            if (!stock.IsSuccessStatusCode)
            {
                return Failed(traceId, $"inventory answered {(int)stock.StatusCode}");
            }

            var reserved = await stock.Content.ReadFromJsonAsync(DemoJsonContext.Default.StockResponse, cancellationToken);
            if (reserved is not { InStock: true })
            {
                return Failed(traceId, $"{sku} is out of stock");
            }
        }

        var payment = clients.CreateClient(PaymentClient);
        var amount = quantity * 19.99m;
        using (var charged = await payment.PostAsync(string.Create(CultureInfo.InvariantCulture, $"pay?amount={amount}"), content: null, cancellationToken))
        {
            if (!charged.IsSuccessStatusCode)
            {
                return Failed(traceId, $"payment answered {(int)charged.StatusCode}");
            }

            await charged.Content.ReadFromJsonAsync(DemoJsonContext.Default.PaymentResponse, cancellationToken);
        }

        return TypedResults.Json(new CheckoutResponse(true, traceId), DemoJsonContext.Default.CheckoutResponse);
    }

    private static JsonHttpResult<CheckoutResponse> Failed(string traceId, string error) =>
        TypedResults.Json(new CheckoutResponse(false, traceId, error), DemoJsonContext.Default.CheckoutResponse, statusCode: StatusCodes.Status502BadGateway);
}
