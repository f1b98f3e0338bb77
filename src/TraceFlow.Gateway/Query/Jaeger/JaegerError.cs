using System.Text.Json;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>One entry of a Jaeger envelope's <c>errors</c>: <c>{"code","msg","traceID"}</c> (<c>structuredError</c>).</summary>
public sealed record JaegerError(int Code, string Msg, string? TraceId = null)
{
    public const string TraceNotFoundMessage = "trace not found";

    /// <summary>Writes <c>total</c>, <c>limit</c>, <c>offset</c> and <c>errors</c> after <c>data</c>.</summary>
    internal static void WriteEnvelopeTail(Utf8JsonWriter writer, int total, IReadOnlyList<JaegerError>? errors)
    {
        writer.WriteNumber("total", total);
        writer.WriteNumber("limit", 0);
        writer.WriteNumber("offset", 0);
        if (errors is not { Count: > 0 })
        {
            writer.WriteNull("errors");
            return;
        }

        writer.WriteStartArray("errors");
        foreach (var error in errors)
        {
            writer.WriteStartObject();
            writer.WriteNumber("code", error.Code);
            writer.WriteString("msg", error.Msg);
            if (error.TraceId is not null)
            {
                writer.WriteString("traceID", error.TraceId);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Jaeger indents its answers when <c>prettyPrint</c> is given and not <c>false</c>.</summary>
    internal static bool PrettyPrint(HttpRequest request) =>
        request.Query["prettyPrint"].FirstOrDefault() is { Length: > 0 } value && value != "false";
}
