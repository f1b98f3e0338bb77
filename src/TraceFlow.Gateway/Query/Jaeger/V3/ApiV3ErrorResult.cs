using System.Text.Json;

namespace TraceFlow.Gateway.Query.Jaeger.V3;

/// <summary>A failed api_v3 answer, <c>{"error":{"httpCode":400,"message":"…"}}</c> (<c>GRPCGatewayError</c>), with the same status.</summary>
public sealed class ApiV3ErrorResult(int statusCode, string message) : Utf8JsonResult(statusCode)
{
    public string Message { get; } = message;

    public static ApiV3ErrorResult BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    /// <summary>What Jaeger answers when a lookup finds nothing.</summary>
    public static ApiV3ErrorResult NotFound() => new(StatusCodes.Status404NotFound, "No traces found");

    protected override void WriteBody(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteNumber("httpCode", StatusCode);
        writer.WriteString("message", Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
