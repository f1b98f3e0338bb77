using System.Buffers;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using RpcStatus = Google.Rpc.Status;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// OTLP JSON answers written with <see cref="Utf8JsonWriter"/>: the export response (<c>{}</c>
/// when everything was accepted) and <c>google.rpc.Status</c> with its BadRequest or RetryInfo
/// detail, in proto3 JSON (lowerCamelCase, int64 as a string, Any with <c>@type</c>).
/// </summary>
internal static class OtlpJsonResponseWriter
{
    // Quotes in messages stay readable; the Content-Type is JSON with nosniff, never HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(ExportTraceServiceResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            if (response.PartialSuccess is { } partial)
            {
                json.WriteStartObject("partialSuccess");
                if (partial.RejectedSpans != 0)
                {
                    json.WriteString("rejectedSpans", partial.RejectedSpans.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                if (partial.ErrorMessage.Length > 0)
                {
                    json.WriteString("errorMessage", partial.ErrorMessage);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] Write(RpcStatus status)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            if (status.Code != 0)
            {
                json.WriteNumber("code", status.Code);
            }

            json.WriteString("message", status.Message);
            if (status.Details.Count > 0)
            {
                json.WriteStartArray("details");
                foreach (var detail in status.Details)
                {
                    WriteDetail(json, detail);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteDetail(Utf8JsonWriter json, Any detail)
    {
        json.WriteStartObject();
        json.WriteString("@type", detail.TypeUrl);
        if (detail.TryUnpack<BadRequest>(out var badRequest))
        {
            json.WriteStartArray("fieldViolations");
            foreach (var violation in badRequest.FieldViolations)
            {
                json.WriteStartObject();
                json.WriteString("field", violation.Field);
                json.WriteString("description", violation.Description);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }
        else if (detail.TryUnpack<RetryInfo>(out var retryInfo) && retryInfo.RetryDelay is { } delay)
        {
            // proto3 JSON writes a Duration as seconds with an "s" suffix.
            json.WriteString("retryDelay", delay.ToTimeSpan().TotalSeconds.ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture) + "s");
        }

        json.WriteEndObject();
    }
}
