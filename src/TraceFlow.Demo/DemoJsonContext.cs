using System.Text.Json.Serialization;
using TraceFlow.Demo.Checkout;
using TraceFlow.Demo.Inventory;
using TraceFlow.Demo.Payment;

namespace TraceFlow.Demo;

public sealed record HealthResponse(string Status, string Service);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(CheckoutResponse))]
[JsonSerializable(typeof(StockResponse))]
[JsonSerializable(typeof(PaymentResponse))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
