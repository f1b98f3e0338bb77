using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace TraceFlow.Demo;

/// <summary>
/// One checkout request as the seed's demo services record it: a checkout root span with
/// inventory and payment children, posted to <c>POST /api/spans</c>.
/// </summary>
public static class CheckoutTrace
{
    public static async Task<string> SendAsync(HttpClient http, TimeProvider time, Random random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        var traceId = Convert.ToHexStringLower(RandomBytes(random, 16));
        var rootId = Convert.ToHexStringLower(RandomBytes(random, 8));
        var start = time.GetUtcNow().ToUnixTimeMilliseconds();
        var inventoryMs = 20 + random.Next(40);
        var paymentMs = 30 + random.Next(40);
        var totalMs = inventoryMs + paymentMs + 5;
        DemoSpan[] spans =
        [
            new(traceId, rootId, null, "checkout", "checkout.request", start, totalMs, "ok", "server"),
            new(traceId, Convert.ToHexStringLower(RandomBytes(random, 8)), rootId, "inventory", "inventory.lookup", start + 1, inventoryMs, "ok", "server"),
            new(traceId, Convert.ToHexStringLower(RandomBytes(random, 8)), rootId, "payment", "payment.charge", start + 2 + inventoryMs, paymentMs, "ok", "server"),
        ];
        using var response = await http.PostAsJsonAsync("/api/spans", new DemoBatch(spans), DemoJsonContext.Default.DemoBatch, cancellationToken);
        response.EnsureSuccessStatusCode();
        return traceId;
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}

public sealed record DemoBatch(IReadOnlyList<DemoSpan> Spans);

public sealed record DemoSpan(
    string TraceId, string SpanId, string? ParentSpanId, string Service, string Operation, long StartUnixMs, long DurationMs, string Status, string Kind);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DemoBatch))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
