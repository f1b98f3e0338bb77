using System.Text.Json;

namespace TraceFlow.Gateway.Query.Jaeger.V3;

/// <summary>A successful api_v3 answer: the proto3 JSON of the response message, written by <paramref name="writeBody"/>.</summary>
public sealed class ApiV3Result(Action<Utf8JsonWriter> writeBody) : Utf8JsonResult(StatusCodes.Status200OK)
{
    protected override void WriteBody(Utf8JsonWriter writer) => writeBody(writer);
}
