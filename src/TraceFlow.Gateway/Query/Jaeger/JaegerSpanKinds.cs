using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>Span kinds as Jaeger names them: <c>server</c>, <c>client</c>, <c>producer</c>, <c>consumer</c>, <c>internal</c>.</summary>
internal static class JaegerSpanKinds
{
    /// <summary>The Jaeger name, or null for <see cref="SpanKind.Unspecified"/>, which Jaeger leaves empty.</summary>
    public static string? Name(SpanKind kind) => kind switch
    {
        SpanKind.Server => "server",
        SpanKind.Client => "client",
        SpanKind.Producer => "producer",
        SpanKind.Consumer => "consumer",
        SpanKind.Internal => "internal",
        _ => null,
    };

    public static bool TryParse(string text, out SpanKind kind)
    {
        kind = text.ToLowerInvariant() switch
        {
            "server" => SpanKind.Server,
            "client" => SpanKind.Client,
            "producer" => SpanKind.Producer,
            "consumer" => SpanKind.Consumer,
            "internal" => SpanKind.Internal,
            _ => SpanKind.Unspecified,
        };
        return kind != SpanKind.Unspecified;
    }

    public const string Allowed = "server, client, producer, consumer, internal";
}
