using System.Net;
using System.Text.Json;
using TraceFlow.Demo.Tests.Infrastructure;

namespace TraceFlow.Demo.Tests;

/// <summary>
/// One checkout request across real HTTP hops: checkout → inventory, checkout → payment, each
/// service reporting its own spans through the SDK to a real collector.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class CheckoutTraceTests(DemoEnvironment demo)
{
    private static readonly string[] Services = ["checkout", "inventory", "payment"];

    [Fact]
    public async Task Checkout_YieldsOneTraceAcrossThreeServices_WithCorrectParentLinks()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var http = new HttpClient();

        var answer = await CheckoutAsync(http, demo.Checkout, traceparent: null, cancel);

        Assert.True(answer.GetProperty("ok").GetBoolean());
        var traceId = answer.Text("trace_id")!;
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var trace = await demo.CollectorClient.WaitForTraceAsync(traceId, spans: 7, cancel);
        var spans = trace.GetProperty("spans").EnumerateArray().ToList();
        Assert.Equal(7, spans.Count);
        Assert.All(spans, s => Assert.Equal(traceId, s.Text("trace_id")));
        Assert.Equal(Services, trace.GetProperty("services").EnumerateArray().Select(s => s.GetString()).Order());

        var root = Assert.Single(spans, s => s.Text("parent_span_id") is null);
        Assert.Equal(("checkout", "GET /checkout", "server"), (root.Text("service"), root.Text("operation"), root.Text("kind")));
        var inventory = trace.Span("inventory", "GET /inventory");
        var lookup = trace.Span("inventory", "inventory.lookup");
        var payment = trace.Span("payment", "POST /pay");
        var charge = trace.Span("payment", "payment.charge");

        // Each server span hangs off the checkout client span that called it, which hangs off the root.
        foreach (var server in new[] { inventory, payment })
        {
            var call = trace.SpanById(server.Text("parent_span_id"));
            Assert.Equal(("checkout", "client"), (call.Text("service"), call.Text("kind")));
            Assert.Equal(root.Text("span_id"), call.Text("parent_span_id"));
            Assert.Equal("server", server.Text("kind"));
        }

        Assert.Equal(inventory.Text("span_id"), lookup.Text("parent_span_id"));
        Assert.Equal(payment.Text("span_id"), charge.Text("parent_span_id"));
        Assert.Equal(["checkout → inventory", "checkout → payment"], trace.GetProperty("dependency_path").EnumerateArray().Select(p => p.GetString()).Order());
        Assert.False(trace.GetProperty("has_error").GetBoolean());
        Assert.Equal("/checkout", root.GetProperty("attributes").GetProperty("http.route").GetString());
        Assert.Equal("200", root.GetProperty("attributes").GetProperty("http.response.status_code").GetString());
    }

    [Fact]
    public async Task Checkout_WhenPaymentFails_TraceCarriesTheErrorAndTheRecordedException()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var http = new HttpClient();

        using var response = await http.GetAsync(demo.FailingCheckout, cancel);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement;

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.False(answer.GetProperty("ok").GetBoolean());
        var trace = await demo.CollectorClient.WaitForTraceAsync(answer.Text("trace_id")!, spans: 7, cancel);
        Assert.True(trace.GetProperty("has_error").GetBoolean());
        var charge = trace.Span("payment", "payment.charge");
        Assert.Equal("error", charge.Text("status"));
        Assert.StartsWith("card declined", charge.Text("status_message"), StringComparison.Ordinal);
        var exception = Assert.Single(charge.GetProperty("events").EnumerateArray());
        Assert.Equal("exception", exception.Text("name"));
        Assert.EndsWith("PaymentDeclinedException", exception.GetProperty("attributes").GetProperty("exception.type").GetString(), StringComparison.Ordinal);
        Assert.Equal("error", trace.Span("payment", "POST /pay").Text("status"));
        Assert.Equal("error", trace.Span("checkout", "GET /checkout").Text("status"));
        var dependency = Assert.Single(trace.GetProperty("dependencies").EnumerateArray(), d => d.Text("child") == "payment");
        Assert.Equal(1, dependency.GetProperty("error_count").GetInt32());
    }

    [Fact]
    public async Task Checkout_ContinuesTheCallersTrace_FromAValidTraceparent()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var http = new HttpClient();
        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        const string CallerSpan = "00f067aa0ba902b7";

        var answer = await CheckoutAsync(http, demo.Checkout, $"00-{traceId}-{CallerSpan}-01", cancel);

        Assert.Equal(traceId, answer.Text("trace_id"));
        var trace = await demo.CollectorClient.WaitForTraceAsync(traceId, spans: 7, cancel);
        Assert.Equal(CallerSpan, trace.Span("checkout", "GET /checkout").Text("parent_span_id"));
    }

    [Theory]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01")] // uppercase hex
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")] // all-zero trace id
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")] // forbidden version
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")] // no flags
    public async Task Checkout_StartsANewTrace_ForAnInvalidTraceparent(string traceparent)
    {
        var cancel = TestContext.Current.CancellationToken;
        using var http = new HttpClient();

        var answer = await CheckoutAsync(http, demo.Checkout, traceparent, cancel);

        var traceId = answer.Text("trace_id")!;
        Assert.DoesNotContain(traceId, traceparent, StringComparison.OrdinalIgnoreCase);
        var trace = await demo.CollectorClient.WaitForTraceAsync(traceId, spans: 7, cancel);
        Assert.Null(trace.Span("checkout", "GET /checkout").Text("parent_span_id"));
    }

    private static async Task<JsonElement> CheckoutAsync(HttpClient http, Uri checkout, string? traceparent, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, checkout);
        if (traceparent is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        }

        using var response = await http.SendAsync(request, cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement.Clone();
    }
}
