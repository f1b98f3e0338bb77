using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Zipkin;

/// <summary>
/// The bodies of Zipkin's query API, written by hand with <see cref="Utf8JsonWriter"/>
/// (Zipkin's shapes are not records: fields are left out when empty), and its plain-text errors.
/// </summary>
internal static class ZipkinResponses
{
    /// <summary>Name lists longer than this are cacheable, as in Zipkin: short lists are what a new install shows.</summary>
    public const int CacheableNamesOver = 3;

    /// <summary>Zipkin's <c>zipkin.query.names-max-age</c> default.</summary>
    public const string NamesCacheControl = "max-age=300, must-revalidate";

    private const string JsonType = "application/json";
    private const string PlainText = "text/plain; charset=utf-8";

    /// <summary>A sorted list of distinct names, cacheable when longer than <see cref="CacheableNamesOver"/>.</summary>
    public static FileContentHttpResult Names(HttpContext context, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sorted = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (sorted.Count > CacheableNamesOver)
        {
            context.Response.Headers.CacheControl = NamesCacheControl;
        }

        return Json(writer =>
        {
            writer.WriteStartArray();
            foreach (var name in sorted)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        });
    }

    /// <summary>One trace: a list of spans.</summary>
    public static FileContentHttpResult Trace(IEnumerable<Span> spans) => Json(writer => ZipkinSpanWriter.WriteTrace(writer, spans));

    /// <summary>A list of traces, each a list of spans, in the order given.</summary>
    public static FileContentHttpResult Traces(IEnumerable<IEnumerable<Span>> traces) => Json(writer =>
    {
        writer.WriteStartArray();
        foreach (var trace in traces)
        {
            ZipkinSpanWriter.WriteTrace(writer, trace);
        }

        writer.WriteEndArray();
    });

    /// <summary>Dependency links; like Zipkin, <c>errorCount</c> only when there were errors.</summary>
    public static FileContentHttpResult Dependencies(IEnumerable<ServiceCall> calls) => Json(writer =>
    {
        writer.WriteStartArray();
        foreach (var call in calls)
        {
            writer.WriteStartObject();
            writer.WriteString("parent"u8, call.Parent);
            writer.WriteString("child"u8, call.Child);
            writer.WriteNumber("callCount"u8, call.CallCount);
            if (call.ErrorCount > 0)
            {
                writer.WriteNumber("errorCount"u8, call.ErrorCount);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    public static ContentHttpResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static ContentHttpResult Error(int statusCode, string message) => TypedResults.Text(message, PlainText, statusCode: statusCode);

    public static ContentHttpResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    private static FileContentHttpResult Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return TypedResults.Bytes(buffer.WrittenMemory, JsonType);
    }
}
