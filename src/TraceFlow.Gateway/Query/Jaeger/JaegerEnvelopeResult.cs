using System.Text.Json;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// A successful Jaeger v1 answer in its envelope,
/// <c>{"data":…,"total":n,"limit":0,"offset":0,"errors":null|[…]}</c> (<c>structuredResponse</c>).
/// </summary>
public sealed class JaegerEnvelopeResult(Action<Utf8JsonWriter> writeData, int total = 0, IReadOnlyList<JaegerError>? errors = null)
    : Utf8JsonResult(StatusCodes.Status200OK)
{
    protected override void WriteBody(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("data");
        writeData(writer);
        JaegerError.WriteEnvelopeTail(writer, total, errors);
        writer.WriteEndObject();
    }

    protected override bool Indented(HttpRequest request) => JaegerError.PrettyPrint(request);
}
