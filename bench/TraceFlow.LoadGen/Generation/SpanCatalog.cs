namespace TraceFlow.LoadGen.Generation;

/// <summary>Realistic names for services, routes, downstream calls and filler attributes.</summary>
internal static class SpanCatalog
{
    private static readonly string[] KnownServices =
    [
        "frontend", "checkout", "payment", "inventory", "shipping", "cart", "accounts", "recommendation",
        "email", "currency", "quote", "ad", "catalog", "fraud-detection", "notification", "search",
    ];

    public static readonly (string Method, string Route, string Path)[] Routes =
    [
        ("GET", "/api/products/{id}", "/api/products/4711"),
        ("POST", "/api/checkout", "/api/checkout"),
        ("GET", "/api/cart", "/api/cart"),
        ("POST", "/api/cart/items", "/api/cart/items"),
        ("GET", "/api/recommendations", "/api/recommendations"),
        ("POST", "/api/payments", "/api/payments"),
        ("GET", "/api/shipping/quote", "/api/shipping/quote"),
        ("GET", "/api/inventory/{sku}", "/api/inventory/SKU-0042"),
        ("PUT", "/api/accounts/{id}", "/api/accounts/981"),
        ("GET", "/api/search", "/api/search"),
    ];

    public static readonly (string System, string Operation, string Collection)[] Databases =
    [
        ("postgresql", "SELECT", "orders"),
        ("postgresql", "INSERT", "order_items"),
        ("redis", "GET", "cart"),
        ("redis", "SET", "session"),
        ("mongodb", "find", "products"),
        ("mysql", "UPDATE", "inventory"),
    ];

    public static readonly string[] InternalOperations =
    [
        "validate-request", "price-calculation", "serialize-response", "render-template", "apply-discounts", "authorize",
    ];

    public static readonly string[] ErrorMessages =
    [
        "TimeoutException: The operation has timed out.",
        "HttpRequestException: Connection refused (upstream:8080)",
        "NpgsqlException: deadlock detected",
        "InvalidOperationException: Sequence contains no elements",
    ];

    private static readonly string[] NamedFillerKeys =
    [
        "host.name", "deployment.environment", "cloud.region", "service.version", "app.tenant", "app.user.tier",
        "app.feature_flag", "app.cache.hit", "app.client.platform", "k8s.pod.name", "k8s.namespace.name", "thread.name",
    ];

    /// <summary>Keys for attributes beyond the semantic ones, as many as a span may carry.</summary>
    public static readonly string[] FillerKeys = BuildFillerKeys();

    public static readonly string[] FillerValues = ["eu-west-1", "production", "gold", "on", "web-7f9c", "v2.14.3", "true", "mobile"];

    public static string[] Services(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var services = new string[count];
        for (var i = 0; i < count; i++)
        {
            services[i] = i < KnownServices.Length
                ? KnownServices[i]
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"service-{i}");
        }

        return services;
    }

    private static string[] BuildFillerKeys()
    {
        var keys = new string[128];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = i < NamedFillerKeys.Length
                ? NamedFillerKeys[i]
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"app.attribute_{i}");
        }

        return keys;
    }
}
