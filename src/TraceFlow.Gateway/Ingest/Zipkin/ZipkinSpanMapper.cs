using System.Collections.Immutable;
using System.Globalization;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Ingest.Zipkin;

/// <summary>
/// Validates a decoded Zipkin span and maps it onto the span model, applying the ingest
/// limits the TraceFlow JSON decoder applies: over-long names reject the span, over-long
/// values are cut, attributes and events beyond the caps are dropped, and all of it is counted.
/// </summary>
internal static class ZipkinSpanMapper
{
    private const long NanosPerMicro = 1_000;

    /// <summary>Largest epoch microseconds whose nanoseconds fit in 64 bits (April 2262).</summary>
    private const long MaxMicros = long.MaxValue / NanosPerMicro;

    private static readonly string MicrosRangeProblem =
        string.Create(CultureInfo.InvariantCulture, $"must be between 0 and {MaxMicros} microseconds");

    /// <summary>Adds the span to <paramref name="result"/>, or its rejection at <paramref name="index"/>.</summary>
    public static void Add(ZipkinSpanFields fields, int index, IngestOptions limits, SpanDecodeResult result)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(result);
        var counts = new Truncations();
        Span? span = null;
        var (field, message) = fields.ErrorField is not null
            ? (fields.ErrorField, fields.ErrorMessage!)
            : TryMap(fields, limits, ref counts, out span);
        if (field is null)
        {
            result.Spans.Add(span!);
            result.TruncatedAttributes += counts.Attributes;
            result.TruncatedEvents += counts.Events;
        }
        else
        {
            result.Rejections.Add(new SpanRejection(index, fields.Id, field, message));
        }
    }

    /// <summary>The span, or the field at fault and why.</summary>
    private static (string? Field, string Message) TryMap(ZipkinSpanFields fields, IngestOptions limits, ref Truncations counts, out Span? span)
    {
        span = null;
        var traceId = ZipkinIds.NormalizeTraceId(fields.TraceId, out var problem);
        if (traceId is null)
        {
            return ("traceId", fields.TraceId is null ? "traceId is required" : $"traceId {problem}");
        }

        var spanId = ZipkinIds.NormalizeSpanId(fields.Id, out problem);
        if (spanId is null)
        {
            return ("id", fields.Id is null ? "id is required" : $"id {problem}");
        }

        string? parentId = null;
        if (!string.IsNullOrEmpty(fields.ParentId) && fields.ParentId.AsSpan().IndexOfAnyExcept('0') >= 0
            && (parentId = ZipkinIds.NormalizeSpanId(fields.ParentId, out problem)) is null)
        {
            return ("parentId", $"parentId {problem}");
        }

        var name = string.IsNullOrWhiteSpace(fields.Name) ? ZipkinAttributes.UnknownOperation : fields.Name;
        if (name.Length > limits.MaxNameLength)
        {
            return ("name", TooLong("name", limits.MaxNameLength));
        }

        var service = fields.LocalEndpoint?.ServiceName is { Length: > 0 } local && !string.IsNullOrWhiteSpace(local)
            ? local
            : ZipkinAttributes.UnknownService;
        if (service.Length > limits.MaxNameLength)
        {
            return ("localEndpoint.serviceName", TooLong("localEndpoint.serviceName", limits.MaxNameLength));
        }

        var events = ImmutableArray.CreateBuilder<SpanEvent>();
        long? earliestEvent = null;
        for (var i = 0; i < fields.Annotations.Count; i++)
        {
            var (timestamp, value) = fields.Annotations[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"annotations[{i}]");
            if (string.IsNullOrWhiteSpace(value))
            {
                return ($"{at}.value", $"{at}.value is required and must not be blank");
            }

            if (value.Length > limits.MaxNameLength)
            {
                return ($"{at}.value", TooLong($"{at}.value", limits.MaxNameLength));
            }

            if (timestamp is null)
            {
                return ($"{at}.timestamp", $"{at}.timestamp is required");
            }

            if (timestamp is < 0 or > MaxMicros)
            {
                return ($"{at}.timestamp", $"{at}.timestamp {MicrosRangeProblem}");
            }

            earliestEvent = Math.Min(earliestEvent ?? long.MaxValue, timestamp.Value);
            if (events.Count < limits.MaxEventsPerSpan)
            {
                events.Add(new SpanEvent { Name = value, TimeUnixNanos = timestamp.Value * NanosPerMicro });
            }
            else
            {
                counts.Events++;
            }
        }

        // Zipkin allows a span without a start (late data); its first annotation is the best estimate.
        var start = fields.Timestamp is > 0 ? fields.Timestamp : earliestEvent;
        if (start is null)
        {
            return ("timestamp", "timestamp is required when the span has no annotations");
        }

        if (start is < 0 or > MaxMicros)
        {
            return ("timestamp", $"timestamp {MicrosRangeProblem}");
        }

        var duration = fields.Duration ?? 0;
        if (duration is < 0 or > MaxMicros || start.Value > MaxMicros - duration)
        {
            return ("duration", "duration must be a non-negative number of microseconds ending before the year 2262");
        }

        var attributes = ImmutableArray.CreateBuilder<SpanAttribute>();
        AddEndpoint(attributes, fields.LocalEndpoint, ZipkinAttributes.LocalAddress, ZipkinAttributes.LocalIpv6, ZipkinAttributes.LocalPort);
        if (fields.RemoteEndpoint?.ServiceName is { Length: > 0 } remote && !string.IsNullOrWhiteSpace(remote))
        {
            attributes.Add(new SpanAttribute(ZipkinAttributes.PeerService, Cut(remote, limits, ref counts)));
        }

        AddEndpoint(attributes, fields.RemoteEndpoint, ZipkinAttributes.PeerAddress, ZipkinAttributes.RemoteIpv6, ZipkinAttributes.PeerPort);
        if (fields.Debug)
        {
            attributes.Add(new SpanAttribute(ZipkinAttributes.Debug, "true", AttributeValueType.BoolValue));
        }

        if (fields.Shared)
        {
            attributes.Add(new SpanAttribute(ZipkinAttributes.Shared, "true", AttributeValueType.BoolValue));
        }

        var status = SpanStatusCode.Unset;
        string? statusMessage = null;
        foreach (var (key, rawValue) in fields.Tags)
        {
            if (key.Length == 0 || key.Length > limits.MaxNameLength)
            {
                return ("tags", string.Create(CultureInfo.InvariantCulture, $"tag names must be 1 to {limits.MaxNameLength} characters"));
            }

            var value = Cut(rawValue, limits, ref counts);
            if (key == ZipkinAttributes.StatusCode && value is "OK" or "ERROR")
            {
                // The status field holds it; the Zipkin API prints it back from there.
                status = status == SpanStatusCode.Error || value == "ERROR" ? SpanStatusCode.Error : SpanStatusCode.Ok;
                continue;
            }

            if (key == ZipkinAttributes.Error)
            {
                status = SpanStatusCode.Error;
                statusMessage = value.Length == 0 ? null : value;
            }

            if (attributes.Count < limits.MaxAttributesPerSpan)
            {
                attributes.Add(new SpanAttribute(key, value));
            }
            else
            {
                counts.Attributes++;
            }
        }

        span = new Span
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parentId,
            Service = service,
            Operation = name,
            StartUnixNanos = start.Value * NanosPerMicro,
            DurationNanos = duration * NanosPerMicro,
            Status = status,
            StatusMessage = statusMessage,
            Kind = fields.Kind == SpanKind.Unspecified ? SpanKind.Internal : fields.Kind,
            Attributes = attributes.DrainToImmutable(),
            Events = events.DrainToImmutable(),
            ResourceAttributes = [new SpanAttribute(ZipkinAttributes.ServiceName, service)],
            Shared = fields.Shared,
        };
        return (null, "");
    }

    /// <summary>An endpoint's address and port as OpenTelemetry's network attributes.</summary>
    private static void AddEndpoint(ImmutableArray<SpanAttribute>.Builder attributes, ZipkinEndpointFields? endpoint, string address, string secondIpv6, string port)
    {
        if (endpoint is null)
        {
            return;
        }

        if (endpoint.Ipv4 is not null)
        {
            attributes.Add(new SpanAttribute(address, endpoint.Ipv4));
            if (endpoint.Ipv6 is not null)
            {
                attributes.Add(new SpanAttribute(secondIpv6, endpoint.Ipv6));
            }
        }
        else if (endpoint.Ipv6 is not null)
        {
            attributes.Add(new SpanAttribute(address, endpoint.Ipv6));
        }

        if (endpoint.Port is { } number)
        {
            attributes.Add(new SpanAttribute(port, number.ToString(CultureInfo.InvariantCulture), AttributeValueType.IntValue));
        }
    }

    private static string Cut(string value, IngestOptions limits, ref Truncations counts)
    {
        if (value.Length <= limits.MaxAttributeValueLength)
        {
            return value;
        }

        counts.Attributes++;
        return value[..limits.MaxAttributeValueLength];
    }

    private static string TooLong(string field, int max) =>
        string.Create(CultureInfo.InvariantCulture, $"{field} must be at most {max} characters");

    /// <summary>What was cut or dropped from one span to fit the limits.</summary>
    private struct Truncations
    {
        public int Attributes;
        public int Events;
    }
}
