using System.Text.Json;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// A failed Jaeger v1 answer: the envelope with <c>data:null</c> and one error whose code is
/// the HTTP status. Jaeger sends it as text/plain; it is JSON here, which clients parse the same.
/// </summary>
public sealed class JaegerErrorResult(int statusCode, string message) : Utf8JsonResult(statusCode)
{
    public string Message { get; } = message;

    public static JaegerErrorResult BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    /// <summary>Jaeger's <c>spanstore.ErrTraceNotFound</c>.</summary>
    public static JaegerErrorResult TraceNotFound() => new(StatusCodes.Status404NotFound, JaegerError.TraceNotFoundMessage);

    protected override void WriteBody(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNull("data");
        JaegerError.WriteEnvelopeTail(writer, 0, [new JaegerError(StatusCode, Message)]);
        writer.WriteEndObject();
    }

    protected override bool Indented(HttpRequest request) => JaegerError.PrettyPrint(request);
}
