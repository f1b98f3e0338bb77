using System.Globalization;
using System.Text.Json;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger.V3;

/// <summary>
/// One api_v3 <c>TraceSummary</c>: root service and operation (the earliest span without a
/// parent), time bounds as decimal strings, and span and error counts overall and per service.
/// </summary>
internal static class ApiV3TraceSummaryWriter
{
    public static void Write(Utf8JsonWriter writer, StoredTrace trace)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(trace);
        var spans = trace.Spans;
        var root = TraceTree.FindRoot(spans);
        var ids = new HashSet<string>(spans.Select(s => s.SpanId), StringComparer.Ordinal);
        long start = long.MaxValue, end = 0;
        int errors = 0, orphans = 0;
        var services = new SortedDictionary<string, (int Spans, int Errors)>(StringComparer.Ordinal);
        foreach (var span in spans)
        {
            start = Math.Min(start, span.StartUnixNanos);
            end = Math.Max(end, span.EndUnixNanos);
            errors += span.IsError ? 1 : 0;
            orphans += span.ParentSpanId is { } parent && !ids.Contains(parent) ? 1 : 0;
            var counts = services.GetValueOrDefault(span.Service);
            services[span.Service] = (counts.Spans + 1, counts.Errors + (span.IsError ? 1 : 0));
        }

        writer.WriteStartObject();
        writer.WriteString("traceId", JaegerTraceIds.ToOtlp(trace.Key.TraceId));
        writer.WriteString("rootServiceName", root?.Service ?? "");
        writer.WriteString("rootOperationName", root?.Operation ?? "");
        writer.WriteString("minStartTimeUnixNano", (spans.IsEmpty ? 0 : start).ToString(CultureInfo.InvariantCulture));
        writer.WriteString("maxEndTimeUnixNano", end.ToString(CultureInfo.InvariantCulture));
        writer.WriteNumber("spanCount", spans.Length);
        writer.WriteNumber("errorSpanCount", errors);
        writer.WriteNumber("orphanSpanCount", orphans);
        writer.WriteStartArray("services");
        foreach (var (name, counts) in services)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteNumber("spanCount", counts.Spans);
            writer.WriteNumber("errorSpanCount", counts.Errors);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
