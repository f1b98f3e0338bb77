using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Google.Protobuf.Collections;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Resource.V1;
using TraceFlow.Grains.Traces;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;
using Span = TraceFlow.Grains.Traces.Span;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// Maps an OTLP export request (decoded from protobuf or OTLP JSON) onto TraceFlow's span
/// model, keeping every field the model has room for: typed attributes, resource, scope,
/// events, links, trace state, flags and dropped counts. A span that breaks a rule is refused
/// on its own (partial success); the limits of <see cref="IngestOptions"/> apply as they do to
/// the TraceFlow JSON API. One instance maps one request.
/// </summary>
/// <remarks>
/// Rules, in the README's words: the service is the resource's <c>service.name</c>, or
/// <see cref="UnknownService"/> when it has none (the OpenTelemetry SDK's own fallback); an
/// empty span name becomes <see cref="UnknownOperation"/> (the model needs an operation to
/// index); both are reported as a partial-success warning. Ids must have the OTLP lengths and
/// not be all zeros; times must fit signed 64-bit nanoseconds and end must not precede start.
/// Resource and scope <c>schema_url</c> and the resource's dropped-attribute count have no
/// place in the model and are not kept.
/// </remarks>
internal sealed class OtlpSpanMapper : IDisposable
{
    public const string UnknownService = "unknown_service";
    public const string UnknownOperation = "unknown_operation";

    private const string ServiceNameKey = "service.name";
    private const int TraceIdBytes = 16;
    private const int SpanIdBytes = 8;
    private const string Beyond2262 = "is beyond the year 2262 (signed 64-bit Unix nanoseconds)";

    private readonly IngestOptions limits;
    private readonly IReadOnlyDictionary<OtlpSpan, SpanProblem>? knownProblems;
    private readonly OtlpValueFormatter values;
    private readonly OtlpMapResult result = new();

    // Spans of one trace usually sit next to each other: they share the previous span's id string.
    private ByteString? lastTraceIdBytes;
    private string? lastTraceId;

    // The first problem of the span being mapped (relative to the span), and what it cut.
    private string? problemField;
    private string? problemMessage;
    private int spanTruncatedAttributes;
    private int spanTruncatedEvents;
    private int spanTruncatedLinks;

    private OtlpSpanMapper(IngestOptions limits, IReadOnlyDictionary<OtlpSpan, SpanProblem>? knownProblems)
    {
        this.limits = limits;
        this.knownProblems = knownProblems;
        values = new OtlpValueFormatter(limits.MaxAttributeValueLength);
    }

    /// <param name="knownProblems">Spans the decoder already found invalid (OTLP JSON ids that are not hex), by reference.</param>
    public static OtlpMapResult Map(ExportTraceServiceRequest request, IngestOptions limits, IReadOnlyDictionary<OtlpSpan, SpanProblem>? knownProblems = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        using var mapper = new OtlpSpanMapper(limits, knownProblems);
        mapper.MapRequest(request);
        return mapper.result;
    }

    public void Dispose() => values.Dispose();

    private void MapRequest(ExportTraceServiceRequest request)
    {
        var total = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                total += scopeSpans.Spans.Count;
            }
        }

        result.TotalSpans = total;
        if (total > limits.MaxSpansPerRequest)
        {
            result.TooManySpans = true;
            return;
        }

        result.Spans.Capacity = total;
        var index = 0;
        for (var r = 0; r < request.ResourceSpans.Count; r++)
        {
            var resourceSpans = request.ResourceSpans[r];
            var resource = MapResource(resourceSpans.Resource, r);
            for (var s = 0; s < resourceSpans.ScopeSpans.Count; s++)
            {
                var scopeSpans = resourceSpans.ScopeSpans[s];
                var scope = resource.Problem is null ? MapScope(scopeSpans.Scope, r, s) : default;
                var groupProblem = resource.Problem ?? scope.Problem;
                for (var i = 0; i < scopeSpans.Spans.Count; i++, index++)
                {
                    var span = scopeSpans.Spans[i];
                    if (groupProblem is { } problem)
                    {
                        Reject(index, span, problem.Field, problem.Message);
                        continue;
                    }

                    MapSpan(span, index, new SpanPath(r, s, i), resource, scope.Scope);
                }
            }
        }
    }

    private MappedResource MapResource(Resource? resource, int r)
    {
        var attributes = resource?.Attributes;
        string? service = null;
        if (attributes is not null)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.Key == ServiceNameKey && attribute.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
                {
                    service = attribute.Value.StringValue;
                    break;
                }
            }
        }

        var missing = string.IsNullOrWhiteSpace(service);
        if (!missing && service!.Length > limits.MaxNameLength)
        {
            return new MappedResource([], service, false, new SpanProblem(
                string.Create(CultureInfo.InvariantCulture, $"resource_spans[{r}].resource.attributes[service.name]"),
                string.Create(CultureInfo.InvariantCulture, $"must be at most {limits.MaxNameLength} characters")));
        }

        ResetProblem();
        var mapped = attributes is null ? [] : MapAttributes(attributes, "attributes");
        if (problemField is not null)
        {
            return new MappedResource([], UnknownService, missing, new SpanProblem(
                string.Create(CultureInfo.InvariantCulture, $"resource_spans[{r}].resource.{problemField}"), problemMessage!));
        }

        // One array for all spans of the resource: the grains and the store keep it shared.
        result.TruncatedAttributes += spanTruncatedAttributes;
        return new MappedResource(mapped, missing ? UnknownService : service!, missing, null);
    }

    private MappedScope MapScope(InstrumentationScope? scope, int r, int s)
    {
        if (scope is null)
        {
            return default;
        }

        ResetProblem();
        var attributes = MapAttributes(scope.Attributes, "attributes");
        if (problemField is not null)
        {
            return new MappedScope(null, new SpanProblem(
                string.Create(CultureInfo.InvariantCulture, $"resource_spans[{r}].scope_spans[{s}].scope.{problemField}"), problemMessage!));
        }

        var truncated = false;
        var mapped = new SpanScope
        {
            Name = OtlpValueFormatter.Truncate(scope.Name, limits.MaxAttributeValueLength, ref truncated),
            Version = scope.Version.Length == 0 ? null : OtlpValueFormatter.Truncate(scope.Version, limits.MaxAttributeValueLength, ref truncated),
            Attributes = attributes,
            DroppedAttributesCount = Saturate(scope.DroppedAttributesCount),
        };
        result.TruncatedAttributes += spanTruncatedAttributes + (truncated ? 1 : 0);
        return new MappedScope(mapped, null);
    }

    private void MapSpan(OtlpSpan span, int index, SpanPath path, MappedResource resource, SpanScope? scope)
    {
        ResetProblem();
        if (knownProblems is not null && knownProblems.TryGetValue(span, out var known))
        {
            Reject(index, span, path.Of(known.Field), known.Message);
            return;
        }

        var traceId = TraceId(span.TraceId);
        var spanId = Id(span.SpanId, SpanIdBytes, "span_id");
        var parentSpanId = span.ParentSpanId.IsEmpty ? null : Id(span.ParentSpanId, SpanIdBytes, "parent_span_id");
        long start = 0, end = 0;
        if (problemField is null && !TryNanos(span.StartTimeUnixNano, out start))
        {
            Fail("start_time_unix_nano", Beyond2262);
        }

        if (problemField is null && !TryNanos(span.EndTimeUnixNano, out end))
        {
            Fail("end_time_unix_nano", Beyond2262);
        }

        if (problemField is null && end < start)
        {
            Fail("end_time_unix_nano", "must not be before start_time_unix_nano");
        }

        var unnamed = string.IsNullOrWhiteSpace(span.Name);
        if (!unnamed && span.Name.Length > limits.MaxNameLength)
        {
            Fail("name", string.Create(CultureInfo.InvariantCulture, $"must be at most {limits.MaxNameLength} characters"));
        }

        if (problemField is not null)
        {
            Reject(index, span, path.Of(problemField), problemMessage!);
            return;
        }

        var attributes = MapAttributes(span.Attributes, "attributes");
        var events = problemField is null ? MapEvents(span.Events) : [];
        var links = problemField is null ? MapLinks(span.Links) : [];
        if (problemField is not null)
        {
            Reject(index, span, path.Of(problemField), problemMessage!);
            return;
        }

        bool messageCut = false, traceStateCut = false;
        var status = span.Status;
        var statusMessage = status is null || status.Message.Length == 0
            ? null
            : OtlpValueFormatter.Truncate(status.Message, limits.MaxAttributeValueLength, ref messageCut);
        var traceState = TraceState(span.TraceState, ref traceStateCut);
        result.TruncatedAttributes += spanTruncatedAttributes + (messageCut ? 1 : 0) + (traceStateCut ? 1 : 0);
        result.TruncatedEvents += spanTruncatedEvents;
        result.TruncatedLinks += spanTruncatedLinks;
        result.MissingServiceName += resource.MissingServiceName ? 1 : 0;
        result.UnnamedSpans += unnamed ? 1 : 0;
        result.Spans.Add(new Span
        {
            TraceId = traceId!,
            SpanId = spanId!,
            ParentSpanId = parentSpanId,
            Service = resource.Service,
            Operation = unnamed ? UnknownOperation : span.Name,
            StartUnixNanos = start,
            DurationNanos = end - start,
            Status = status?.Code switch
            {
                Proto.Trace.V1.Status.Types.StatusCode.Ok => SpanStatusCode.Ok,
                Proto.Trace.V1.Status.Types.StatusCode.Error => SpanStatusCode.Error,
                _ => SpanStatusCode.Unset,
            },
            StatusMessage = statusMessage,

            // The model numbers kinds as OTLP does; a kind from a future OTLP version is unspecified.
            Kind = (int)span.Kind is >= (int)SpanKind.Unspecified and <= (int)SpanKind.Consumer ? (SpanKind)(int)span.Kind : SpanKind.Unspecified,
            Attributes = attributes,
            Events = events,
            ResourceAttributes = resource.Attributes,
            Scope = scope,
            Links = links,
            TraceState = traceState,
            Flags = span.Flags,
            Dropped = new SpanDroppedCounts(
                Saturate(span.DroppedAttributesCount), Saturate(span.DroppedEventsCount), Saturate(span.DroppedLinksCount)),
        });
    }

    private ImmutableArray<SpanEvent> MapEvents(RepeatedField<OtlpSpan.Types.Event> source)
    {
        if (source.Count == 0)
        {
            return [];
        }

        // Events beyond the cap are dropped unread: nothing of them is kept, so nothing is checked.
        var keep = Math.Min(source.Count, limits.MaxEventsPerSpan);
        spanTruncatedEvents += source.Count - keep;
        var events = new SpanEvent[keep];
        for (var i = 0; i < keep; i++)
        {
            var item = source[i];
            if (!TryNanos(item.TimeUnixNano, out var time))
            {
                Fail(Indexed("events", i, "time_unix_nano"), Beyond2262);
                return [];
            }

            if (item.Name.Length > limits.MaxNameLength)
            {
                Fail(Indexed("events", i, "name"), string.Create(CultureInfo.InvariantCulture, $"must be at most {limits.MaxNameLength} characters"));
                return [];
            }

            var attributes = MapAttributes(item.Attributes, Indexed("events", i, "attributes"));
            if (problemField is not null)
            {
                return [];
            }

            events[i] = new SpanEvent
            {
                Name = item.Name,
                TimeUnixNanos = time,
                Attributes = attributes,
                DroppedAttributesCount = Saturate(item.DroppedAttributesCount),
            };
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(events);
    }

    private ImmutableArray<SpanLink> MapLinks(RepeatedField<OtlpSpan.Types.Link> source)
    {
        if (source.Count == 0)
        {
            return [];
        }

        var keep = Math.Min(source.Count, limits.MaxLinksPerSpan);
        spanTruncatedLinks += source.Count - keep;
        var links = new SpanLink[keep];
        for (var i = 0; i < keep; i++)
        {
            var item = source[i];
            var traceId = Id(item.TraceId, TraceIdBytes, Indexed("links", i, "trace_id"));
            var spanId = Id(item.SpanId, SpanIdBytes, Indexed("links", i, "span_id"));
            var attributes = problemField is null ? MapAttributes(item.Attributes, Indexed("links", i, "attributes")) : [];
            if (problemField is not null)
            {
                return [];
            }

            var truncated = false;
            links[i] = new SpanLink
            {
                TraceId = traceId!,
                SpanId = spanId!,
                TraceState = TraceState(item.TraceState, ref truncated),
                Attributes = attributes,
                DroppedAttributesCount = Saturate(item.DroppedAttributesCount),
                Flags = item.Flags,
            };
            spanTruncatedAttributes += truncated ? 1 : 0;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(links);
    }

    /// <summary>Typed attributes; beyond the count limit dropped, long values cut (both counted); a bad key fails the span.</summary>
    private ImmutableArray<SpanAttribute> MapAttributes(RepeatedField<KeyValue> source, string field)
    {
        if (source.Count == 0)
        {
            return [];
        }

        var keep = Math.Min(source.Count, limits.MaxAttributesPerSpan);
        spanTruncatedAttributes += source.Count - keep;
        var attributes = new SpanAttribute[keep];
        for (var i = 0; i < keep; i++)
        {
            var item = source[i];
            if (item.Key.Length == 0 || item.Key.Length > limits.MaxNameLength)
            {
                Fail(Indexed(field, i, "key"), string.Create(CultureInfo.InvariantCulture, $"must be 1 to {limits.MaxNameLength} characters"));
                return [];
            }

            var text = values.Format(item.Value, out var type, out var truncated);
            spanTruncatedAttributes += truncated ? 1 : 0;
            attributes[i] = new SpanAttribute(item.Key, text, type);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(attributes);
    }

    private string? TraceId(ByteString bytes)
    {
        if (lastTraceIdBytes is not null && bytes.Span.SequenceEqual(lastTraceIdBytes.Span))
        {
            return lastTraceId;
        }

        var id = Id(bytes, TraceIdBytes, "trace_id");
        if (id is not null)
        {
            (lastTraceIdBytes, lastTraceId) = (bytes, id);
        }

        return id;
    }

    /// <summary>Lowercase hex of an id of the given length that is not all zeros; else null and the problem.</summary>
    private string? Id(ByteString bytes, int length, string field)
    {
        if (problemField is not null)
        {
            return null;
        }

        var span = bytes.Span;
        if (span.Length != length)
        {
            Fail(field, span.Length == 0
                ? string.Create(CultureInfo.InvariantCulture, $"is required ({length} bytes, {length * 2} hex digits in OTLP JSON)")
                : string.Create(CultureInfo.InvariantCulture, $"must be {length} bytes ({length * 2} hex digits in OTLP JSON), got {span.Length}"));
            return null;
        }

        if (!span.ContainsAnyExcept((byte)0))
        {
            Fail(field, "must not be all zeros");
            return null;
        }

        return Convert.ToHexStringLower(span);
    }

    /// <summary>Unix nanoseconds as the model's signed 64 bits; false beyond April 2262.</summary>
    private static bool TryNanos(ulong value, out long nanos)
    {
        nanos = value <= long.MaxValue ? (long)value : 0;
        return value <= long.MaxValue;
    }

    /// <summary>The W3C tracestate, or null; a long one loses whole list members from the end.</summary>
    private string? TraceState(string traceState, ref bool truncated)
    {
        if (traceState.Length == 0)
        {
            return null;
        }

        if (traceState.Length <= limits.MaxAttributeValueLength)
        {
            return traceState;
        }

        truncated = true;
        var cut = traceState.LastIndexOf(',', limits.MaxAttributeValueLength);
        return cut <= 0 ? null : traceState[..cut];
    }

    private void Reject(int index, OtlpSpan span, string field, string message) =>
        result.Rejections.Add(new SpanRejection(
            index, span.SpanId.Length == SpanIdBytes ? Convert.ToHexStringLower(span.SpanId.Span) : null, field, message));

    private void Fail(string field, string message)
    {
        if (problemField is null)
        {
            problemField = field;
            problemMessage = message;
        }
    }

    private void ResetProblem()
    {
        problemField = null;
        problemMessage = null;
        spanTruncatedAttributes = 0;
        spanTruncatedEvents = 0;
        spanTruncatedLinks = 0;
    }

    private static string Indexed(string list, int index, string field) =>
        string.Create(CultureInfo.InvariantCulture, $"{list}[{index}].{field}");

    private static int Saturate(uint count) => count > int.MaxValue ? int.MaxValue : (int)count;

    /// <summary>A span's position in the request, turned into a protobuf field path only when a span is refused.</summary>
    private readonly record struct SpanPath(int Resource, int Scope, int Span)
    {
        public string Of(string field) => string.Create(
            CultureInfo.InvariantCulture, $"resource_spans[{Resource}].scope_spans[{Scope}].spans[{Span}].{field}");
    }

    private readonly record struct MappedResource(
        ImmutableArray<SpanAttribute> Attributes, string Service, bool MissingServiceName, SpanProblem? Problem);

    private readonly record struct MappedScope(SpanScope? Scope, SpanProblem? Problem);
}
