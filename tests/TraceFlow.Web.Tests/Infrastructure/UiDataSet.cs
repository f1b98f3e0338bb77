using System.Globalization;

namespace TraceFlow.Web.Tests.Infrastructure;

/// <summary>
/// The generated data set: a 32-service mesh of traces (tags, errors, varied latency), a trace
/// whose critical path is known by construction, a pair of traces to compare, a trace whose
/// names and values are HTML and script, and a 10,000-span trace.
/// </summary>
public sealed class UiDataSet
{
    public const string CriticalTraceId = "ui-critical-path";
    public const string CompareA = "ui-compare-a";
    public const string CompareB = "ui-compare-b";
    public const string XssTraceId = "ui-xss";
    public const string BigTraceId = "ui-big-10k";
    public const int BigTraceSpans = 10_000;
    public const int MeshTraces = 80;

    /// <summary>Sent as OTLP/JSON: a span with a resource, a scope and a link to <see cref="OtlpLinkedTraceId"/>.</summary>
    public const string OtlpTraceId = "6e0c63257de34c926f9efcd03927272e";
    public const string OtlpLinkedTraceId = "5b8aa5a2d2c872e8321cf37308d69df2";
    public const string OtlpLinkedSpanId = "00f067aa0ba902b7";

    public const string XssOperation = "<img src=x onerror=alert(1)>";
    public const string XssService = "\"><script>alert(4)</script>";
    public const string XssAttribute = "<b onmouseover=alert(2)>bold</b>";
    public const string XssEvent = "<svg onload=alert(3)>";
    public const string XssStatusMessage = "<iframe src=javascript:alert(5)>";

    /// <summary>Spans of the critical-path trace that the critical path passes through, by construction.</summary>
    public static readonly string[] CriticalSpanIds = ["root", "notify", "payment", "bank", "fraud", "inventory", "inventory-db"];

    public static readonly string[] MiddleServices = ["orders", "catalog", "users", "cart", "search", "reviews", "shipping", "pricing", "promotions", "recommendations"];

    private static readonly string[] LeafServices =
    [
        "orders-db", "catalog-db", "users-db", "cart-cache", "search-index", "reviews-db", "carrier-api", "price-cache", "promo-rules",
        "ml-model", "audit-log", "email", "sms", "fx-rates", "tax", "warehouse", "geo", "feature-flags", "session-store", "image-cdn",
    ];

    private static readonly string[] Tiers = ["gold", "silver", "bronze"];

    private readonly List<GeneratedSpan> spans = [];

    public IReadOnlyList<GeneratedSpan> Spans => spans;

    /// <summary>Span count per generated trace, the two OTLP ones included.</summary>
    public IReadOnlyDictionary<string, int> SpanCounts =>
        spans.GroupBy(s => s.TraceId).Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .Append(KeyValuePair.Create(OtlpTraceId, 1)).Append(KeyValuePair.Create(OtlpLinkedTraceId, 1)).ToDictionary();

    /// <summary>Mesh trace ids by the <c>customer.tier</c> their root carries.</summary>
    public Dictionary<string, List<string>> TraceIdsByTier { get; } = Tiers.ToDictionary(t => t, _ => new List<string>());

    /// <summary>Mesh trace ids with an error span.</summary>
    public List<string> ErrorTraceIds { get; } = [];

    public static IReadOnlyList<string> MeshServices => ["web", "edge-api", .. MiddleServices, .. LeafServices];

    /// <summary>The OTLP/JSON request with the two OTLP traces, the second starting 1 s after the first.</summary>
    public string OtlpJson { get; private set; } = "";

    public static UiDataSet Generate(DateTimeOffset start)
    {
        var data = new UiDataSet();
        var origin = start.ToUnixTimeMilliseconds();
        data.AddMesh(origin);
        var late = origin + (19 * 60_000);
        data.AddCriticalPathTrace(late);
        data.AddComparePair(late + 1_000);
        data.AddXssTrace(late + 2_000);
        data.AddBigTrace(late + 3_000);
        data.OtlpJson = OtlpRequest(late + 4_000);
        return data;
    }

    private void AddMesh(long origin)
    {
        var random = new Random(20261203);
        for (var t = 0; t < MeshTraces; t++)
        {
            var traceId = string.Create(CultureInfo.InvariantCulture, $"ui-mesh-{t:D3}");
            var start = origin + (t * 13_500);
            var failing = t % 6 == 5;
            var tier = Tiers[t % 3];
            var children = new List<GeneratedSpan>();
            var cursor = start + 2;
            var calls = 2 + random.Next(3);
            for (var c = 0; c < calls; c++)
            {
                var middle = MiddleServices[(t + (c * 3)) % MiddleServices.Length];
                var leaf = LeafServices[((t * 7) + c) % LeafServices.Length];
                var leafMs = 1 + (random.NextDouble() * (t % 10 == 9 ? 400 : 40));
                var middleId = string.Create(CultureInfo.InvariantCulture, $"m{c}");
                var leafFails = failing && c == 0;
                var middleMs = leafMs + 2 + (random.NextDouble() * 5);
                children.Add(new GeneratedSpan(traceId, middleId, "edge", middle, $"GET /{middle}", cursor, middleMs, leafFails ? "error" : "ok", "server",
                    Attributes: new Dictionary<string, string> { ["http.route"] = $"/{middle}" }));
                children.Add(new GeneratedSpan(traceId, middleId + "-leaf", middleId, leaf, $"{leaf}.call", cursor + 1, leafMs, leafFails ? "error" : "ok", "client",
                    leafFails ? "upstream failed" : null,
                    new Dictionary<string, string> { ["http.status_code"] = leafFails ? "500" : "200" }));
                cursor += (long)Math.Ceiling(middleMs) + 1;
            }

            var edgeMs = cursor - start;
            spans.Add(new GeneratedSpan(traceId, "root", null, "web", "GET /page", start, edgeMs + 4, failing ? "error" : "ok", "server",
                Attributes: new Dictionary<string, string> { ["customer.tier"] = tier }));
            spans.Add(new GeneratedSpan(traceId, "edge", "root", "edge-api", "route", start + 1, edgeMs + 1, failing ? "error" : "ok", "server"));
            spans.AddRange(children);
            TraceIdsByTier[tier].Add(traceId);

            if (failing)
            {
                ErrorTraceIds.Add(traceId);
            }
        }
    }

    private void AddCriticalPathTrace(long start)
    {
        GeneratedSpan Span(string id, string? parent, string service, double from, double to) =>
            new(CriticalTraceId, id, parent, service, $"{service}.work", start + from, to - from);
        spans.AddRange(
        [
            Span("root", null, "shop", 0, 100),
            Span("auth", "root", "auth", 2, 12),
            Span("inventory", "root", "inventory-svc", 10, 40),
            Span("inventory-db", "inventory", "inventory-db", 12, 38),
            Span("pricing", "root", "pricing-svc", 15, 30),
            Span("payment", "root", "payment-svc", 45, 95),
            Span("fraud", "payment", "fraud", 47, 60),
            Span("bank", "payment", "bank", 62, 93),
            Span("notify", "root", "notify", 96, 99),
        ]);
    }

    private void AddComparePair(long start)
    {
        GeneratedSpan Span(string trace, string id, string? parent, string service, string operation, double from, double duration) =>
            new(trace, id, parent, service, operation, start + from, duration);
        spans.AddRange(
        [
            Span(CompareA, "root", null, "reports", "GET /report", 0, 40),
            Span(CompareA, "db", "root", "reports-db", "query", 1, 20),
            Span(CompareA, "cache", "root", "reports-cache", "get", 22, 2),
            Span(CompareA, "render", "root", "reports", "render", 25, 10),
            Span(CompareB, "root", null, "reports", "GET /report", 0, 90),
            Span(CompareB, "db", "root", "reports-db", "query", 1, 60),
            Span(CompareB, "render", "root", "reports", "render", 62, 10),
            Span(CompareB, "audit", "root", "audit", "log", 73, 5),
        ]);
    }

    private void AddXssTrace(long start)
    {
        spans.Add(new GeneratedSpan(XssTraceId, "root", null, "xss-shop", XssOperation, start, 30, "error", "server", XssStatusMessage,
            new Dictionary<string, string> { ["note"] = XssAttribute, [XssEvent] = XssOperation },
            [new GeneratedEvent(XssEvent, start + 5, new Dictionary<string, string> { ["detail"] = XssAttribute })]));
        spans.Add(new GeneratedSpan(XssTraceId, "child", "root", XssService, XssOperation, start + 2, 20, "ok", "server"));
    }

    private static string OtlpRequest(long startMs)
    {
        static object Span(string traceId, string spanId, string name, long startMs, object[] links) => new Dictionary<string, object>
        {
            ["traceId"] = traceId,
            ["spanId"] = spanId,
            ["name"] = name,
            ["kind"] = 2,
            ["startTimeUnixNano"] = (startMs * 1_000_000).ToString(CultureInfo.InvariantCulture),
            ["endTimeUnixNano"] = ((startMs + 25) * 1_000_000).ToString(CultureInfo.InvariantCulture),
            ["links"] = links,
        };
        static object Text(string key, string value) => new { key, value = new { stringValue = value } };
        var request = new
        {
            resourceSpans = new[]
            {
                new
                {
                    resource = new { attributes = new[] { Text("service.name", "otlp-svc"), Text("host.name", "ui-host-7") } },
                    scopeSpans = new[]
                    {
                        new
                        {
                            scope = new { name = "ui-tests", version = "1.2.3" },
                            spans = new[]
                            {
                                Span(OtlpLinkedTraceId, OtlpLinkedSpanId, "GET /linked", startMs, []),
                                Span(OtlpTraceId, "b7ad6b7169203331", "GET /linking", startMs + 1_000, [new { traceId = OtlpLinkedTraceId, spanId = OtlpLinkedSpanId, attributes = new[] { Text("link.reason", "follows") } }]),
                            },
                        },
                    },
                },
            },
        };
        return System.Text.Json.JsonSerializer.Serialize(request);
    }

    private void AddBigTrace(long start)
    {
        const int FanOut = 8;
        var random = new Random(10_000);
        var placed = new GeneratedSpan[BigTraceSpans];
        var depths = new int[BigTraceSpans];
        placed[0] = new GeneratedSpan(BigTraceId, "s00000", null, "big-root", "GET /everything", start, 2_000, "ok", "server");
        for (var i = 1; i < BigTraceSpans; i++)
        {
            var parent = placed[(i - 1) / FanOut];
            depths[i] = depths[(i - 1) / FanOut] + 1;
            var duration = parent.DurationMs * (0.05 + (random.NextDouble() * 0.4));
            var offset = random.NextDouble() * (parent.DurationMs - duration);
            placed[i] = new GeneratedSpan(BigTraceId, string.Create(CultureInfo.InvariantCulture, $"s{i:D5}"), parent.SpanId,
                string.Create(CultureInfo.InvariantCulture, $"big-tier{depths[i]}-{i % 3}"), string.Create(CultureInfo.InvariantCulture, $"op-{i % 97}"),
                parent.StartUnixMs + offset, duration, i % 997 == 0 ? "error" : "ok");
        }

        spans.AddRange(placed);
    }
}
