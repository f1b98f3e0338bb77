using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using TraceFlow.Gateway.Ingest.Zipkin;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Zipkin;

/// <summary>
/// Writes spans as Zipkin v2 JSON, in Zipkin's field order, leaving out what is absent,
/// empty or false. The attributes ingest uses for endpoints, debug and shared become those
/// fields again; every other attribute, the resource attributes but <c>service.name</c>,
/// the scope and the status become tags (OpenTelemetry's mapping to Zipkin).
/// </summary>
internal static class ZipkinSpanWriter
{
    private const long NanosPerMicro = 1_000;

    /// <summary>A trace: its spans ordered by start, then id.</summary>
    public static void WriteTrace(Utf8JsonWriter writer, IEnumerable<Span> spans)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var span in spans.OrderBy(s => s.StartUnixNanos).ThenBy(s => s.SpanId, StringComparer.Ordinal))
        {
            WriteSpan(writer, span);
        }

        writer.WriteEndArray();
    }

    public static void WriteSpan(Utf8JsonWriter writer, Span span)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(span);
        var parts = SpanParts.Of(span);
        writer.WriteStartObject();
        writer.WriteString("traceId"u8, ZipkinIds.ToZipkin(span.TraceId));
        if (span.ParentSpanId is not null)
        {
            writer.WriteString("parentId"u8, span.ParentSpanId);
        }

        writer.WriteString("id"u8, span.SpanId);
        if (KindName(span.Kind) is { } kind)
        {
            writer.WriteString("kind"u8, kind);
        }

        writer.WriteString("name"u8, span.Operation);
        if (span.StartUnixNanos / NanosPerMicro is > 0 and var timestamp)
        {
            writer.WriteNumber("timestamp"u8, timestamp);
        }

        if (span.DurationNanos > 0)
        {
            // Zipkin's durations are at least 1 µs: a sub-microsecond span still took time.
            writer.WriteNumber("duration"u8, Math.Max(1, span.DurationNanos / NanosPerMicro));
        }

        writer.WritePropertyName("localEndpoint"u8);
        WriteEndpoint(writer, span.Service, parts.Local);
        if (parts.RemoteService is not null || !parts.Remote.IsEmpty)
        {
            writer.WritePropertyName("remoteEndpoint"u8);
            WriteEndpoint(writer, parts.RemoteService, parts.Remote);
        }

        var events = span.Events.IsDefault ? [] : span.Events;
        if (!events.IsEmpty)
        {
            writer.WriteStartArray("annotations"u8);
            foreach (var spanEvent in events.OrderBy(e => e.TimeUnixNanos).ThenBy(e => e.Name, StringComparer.Ordinal))
            {
                writer.WriteStartObject();
                writer.WriteNumber("timestamp"u8, spanEvent.TimeUnixNanos / NanosPerMicro);
                writer.WriteString("value"u8, spanEvent.Name);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (parts.Tags.Count > 0)
        {
            writer.WriteStartObject("tags"u8);
            foreach (var (key, value) in parts.Tags)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        if (parts.Debug)
        {
            writer.WriteBoolean("debug"u8, true);
        }

        if (parts.Shared)
        {
            writer.WriteBoolean("shared"u8, true);
        }

        writer.WriteEndObject();
    }

    private static string? KindName(SpanKind kind) => kind switch
    {
        SpanKind.Client => "CLIENT",
        SpanKind.Server => "SERVER",
        SpanKind.Producer => "PRODUCER",
        SpanKind.Consumer => "CONSUMER",
        _ => null,
    };

    private static void WriteEndpoint(Utf8JsonWriter writer, string? serviceName, EndpointAddress address)
    {
        writer.WriteStartObject();
        if (!string.IsNullOrEmpty(serviceName))
        {
            writer.WriteString("serviceName"u8, serviceName);
        }

        if (address.Ipv4 is not null)
        {
            writer.WriteString("ipv4"u8, address.Ipv4);
        }

        if (address.Ipv6 is not null)
        {
            writer.WriteString("ipv6"u8, address.Ipv6);
        }

        if (address.Port is { } port)
        {
            writer.WriteNumber("port"u8, port);
        }

        writer.WriteEndObject();
    }

    /// <summary>An endpoint's address and port, read back from the network attributes.</summary>
    private record struct EndpointAddress(string? Ipv4, string? Ipv6, int? Port)
    {
        public readonly bool IsEmpty => Ipv4 is null && Ipv6 is null && Port is null;
    }

    /// <summary>The span's attributes sorted into endpoint fields, flags and tags.</summary>
    private sealed class SpanParts
    {
        private bool? debug;
        private bool? shared;

        public SortedDictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

        public EndpointAddress Local { get; private set; }

        public EndpointAddress Remote { get; private set; }

        public string? RemoteService { get; private set; }

        public bool Debug => debug == true;

        public bool Shared => shared == true;

        public static SpanParts Of(Span span)
        {
            var parts = new SpanParts();
            foreach (var attribute in span.ResourceAttributes.IsDefault ? [] : span.ResourceAttributes)
            {
                if (attribute.Key != ZipkinAttributes.ServiceName)
                {
                    parts.Tags[attribute.Key] = attribute.Value;
                }
            }

            if (span.Scope is { } scope)
            {
                parts.Tags[ZipkinAttributes.ScopeName] = scope.Name;
                if (!string.IsNullOrEmpty(scope.Version))
                {
                    parts.Tags[ZipkinAttributes.ScopeVersion] = scope.Version;
                }
            }

            foreach (var attribute in span.Attributes.IsDefault ? [] : span.Attributes)
            {
                if (!parts.TakeField(attribute))
                {
                    parts.Tags[attribute.Key] = attribute.Value;
                }
            }

            if (span.Status == SpanStatusCode.Error)
            {
                parts.Tags[ZipkinAttributes.StatusCode] = "ERROR";
                parts.Tags[ZipkinAttributes.Error] = span.StatusMessage ?? parts.Tags.GetValueOrDefault(ZipkinAttributes.Error) ?? "";
            }
            else if (span.Status == SpanStatusCode.Ok)
            {
                parts.Tags[ZipkinAttributes.StatusCode] = "OK";
            }

            return parts;
        }

        /// <summary>
        /// True when the attribute is one of the span's Zipkin fields (and usable as such). The
        /// first such attribute fills a field; a later one with the same key is a tag, which is
        /// how a Zipkin span that had both, say, remoteEndpoint.serviceName and a peer.service
        /// tag comes back unchanged.
        /// </summary>
        private bool TakeField(SpanAttribute attribute)
        {
            switch (attribute.Key)
            {
                case ZipkinAttributes.PeerService when RemoteService is null && attribute.Value.Length > 0:
                    RemoteService = attribute.Value;
                    return true;
                case ZipkinAttributes.LocalAddress when Local.Ipv4 is null && Local.Ipv6 is null && WithAddress(Local, attribute.Value, primary: true) is { } local:
                    Local = local;
                    return true;
                case ZipkinAttributes.LocalIpv6 when Local.Ipv6 is null && WithAddress(Local, attribute.Value, primary: false) is { } local:
                    Local = local;
                    return true;
                case ZipkinAttributes.LocalPort when Local.Port is null && Port(attribute.Value) is { } port:
                    Local = Local with { Port = port };
                    return true;
                case ZipkinAttributes.PeerAddress when Remote.Ipv4 is null && Remote.Ipv6 is null && WithAddress(Remote, attribute.Value, primary: true) is { } remote:
                    Remote = remote;
                    return true;
                case ZipkinAttributes.RemoteIpv6 when Remote.Ipv6 is null && WithAddress(Remote, attribute.Value, primary: false) is { } remote:
                    Remote = remote;
                    return true;
                case ZipkinAttributes.PeerPort when Remote.Port is null && Port(attribute.Value) is { } port:
                    Remote = Remote with { Port = port };
                    return true;
                case ZipkinAttributes.Debug when debug is null && bool.TryParse(attribute.Value, out var value):
                    debug = value;
                    return true;
                case ZipkinAttributes.Shared when shared is null && bool.TryParse(attribute.Value, out var value):
                    shared = value;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The endpoint with the IP address set by its family (the second IPv6 attribute only
        /// as ipv6), or null when the text is no IP address (a host name, a socket path): then
        /// the attribute stays a tag.
        /// </summary>
        private static EndpointAddress? WithAddress(EndpointAddress endpoint, string text, bool primary)
        {
            if (!ZipkinEndpointFields.TryParseAddress(text, out var address))
            {
                return null;
            }

            return address.AddressFamily switch
            {
                AddressFamily.InterNetwork when primary => endpoint with { Ipv4 = address.ToString() },
                AddressFamily.InterNetworkV6 => endpoint with { Ipv6 = address.ToString() },
                _ => null,
            };
        }

        private static int? Port(string text) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= ushort.MaxValue ? port : null;
    }
}
