using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Collector.Trace.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Common.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Resource.V1;
using TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1;
using OtlpSpan = TraceFlow.Gateway.Ingest.Otlp.Proto.Trace.V1.Span;

namespace TraceFlow.Gateway.Benchmarks;

/// <summary>A deterministic export request shaped like an SDK batch, in protobuf and in OTLP JSON.</summary>
public static class OtlpBenchmarkRequest
{
    public const int SpanCount = 512;
    private const int SpansPerTrace = 10;
    private const ulong Start = 1_710_000_000_000_000_000;

    public static ExportTraceServiceRequest Create()
    {
        var random = new Random(42);
        var resources = new[] { Resource("checkout", random), Resource("inventory", random) };
        var scopes = resources.Select(r => new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore", Version = "10.0.0" } }).ToArray();
        var traceId = new byte[16];
        var parentId = new byte[8];
        for (var i = 0; i < SpanCount; i++)
        {
            if (i % SpansPerTrace == 0)
            {
                random.NextBytes(traceId);
            }

            var spanId = new byte[8];
            random.NextBytes(spanId);
            var span = new OtlpSpan
            {
                TraceId = ByteString.CopyFrom(traceId),
                SpanId = ByteString.CopyFrom(spanId),
                ParentSpanId = i % SpansPerTrace == 0 ? ByteString.Empty : ByteString.CopyFrom(parentId),
                Name = i % 2 == 0 ? "GET /checkout/{id}" : "SELECT inventory",
                Kind = i % 2 == 0 ? OtlpSpan.Types.SpanKind.Server : OtlpSpan.Types.SpanKind.Client,
                StartTimeUnixNano = Start + ((ulong)i * 1_000_000),
                EndTimeUnixNano = Start + ((ulong)i * 1_000_000) + (ulong)random.Next(10_000, 50_000_000),
                Flags = 0x101,
                Status = new Status { Code = i % 50 == 0 ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
                Attributes =
                {
                    Text("http.request.method", "GET"),
                    Text("http.route", "/checkout/{id}"),
                    Text("url.full", string.Create(CultureInfo.InvariantCulture, $"http://checkout.internal:8080/checkout/{random.Next(100_000)}?currency=EUR")),
                    Text("server.address", "checkout.internal"),
                    new KeyValue { Key = "server.port", Value = new AnyValue { IntValue = 8080 } },
                    new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } },
                    new KeyValue { Key = "cache.hit", Value = new AnyValue { BoolValue = random.Next(2) == 0 } },
                    new KeyValue { Key = "db.rows", Value = new AnyValue { DoubleValue = random.NextDouble() * 100 } },
                },
            };
            spanId.CopyTo(parentId, 0);
            scopes[i % 2].Spans.Add(span);
        }

        var request = new ExportTraceServiceRequest();
        for (var r = 0; r < resources.Length; r++)
        {
            request.ResourceSpans.Add(new ResourceSpans { Resource = resources[r], ScopeSpans = { scopes[r] } });
        }

        return request;
    }

    /// <summary>The request as OTLP JSON: lowerCamelCase keys, hex ids, 64-bit integers as strings, enums as integers.</summary>
    public static byte[] ToOtlpJson(ExportTraceServiceRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("resourceSpans");
            foreach (var resourceSpans in request.ResourceSpans)
            {
                json.WriteStartObject();
                json.WriteStartObject("resource");
                WriteAttributes(json, resourceSpans.Resource.Attributes);
                json.WriteEndObject();
                json.WriteStartArray("scopeSpans");
                foreach (var scopeSpans in resourceSpans.ScopeSpans)
                {
                    json.WriteStartObject();
                    json.WriteStartObject("scope");
                    json.WriteString("name", scopeSpans.Scope.Name);
                    json.WriteString("version", scopeSpans.Scope.Version);
                    json.WriteEndObject();
                    json.WriteStartArray("spans");
                    foreach (var span in scopeSpans.Spans)
                    {
                        WriteSpan(json, span);
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSpan(Utf8JsonWriter json, OtlpSpan span)
    {
        json.WriteStartObject();
        json.WriteString("traceId", Convert.ToHexString(span.TraceId.Span));
        json.WriteString("spanId", Convert.ToHexString(span.SpanId.Span));
        if (!span.ParentSpanId.IsEmpty)
        {
            json.WriteString("parentSpanId", Convert.ToHexString(span.ParentSpanId.Span));
        }

        json.WriteString("name", span.Name);
        json.WriteNumber("kind", (int)span.Kind);
        json.WriteNumber("flags", span.Flags);
        json.WriteString("startTimeUnixNano", span.StartTimeUnixNano.ToString(CultureInfo.InvariantCulture));
        json.WriteString("endTimeUnixNano", span.EndTimeUnixNano.ToString(CultureInfo.InvariantCulture));
        WriteAttributes(json, span.Attributes);
        json.WriteStartObject("status");
        json.WriteNumber("code", (int)span.Status.Code);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter json, IEnumerable<KeyValue> attributes)
    {
        json.WriteStartArray("attributes");
        foreach (var attribute in attributes)
        {
            json.WriteStartObject();
            json.WriteString("key", attribute.Key);
            json.WriteStartObject("value");
            switch (attribute.Value.ValueCase)
            {
                case AnyValue.ValueOneofCase.StringValue:
                    json.WriteString("stringValue", attribute.Value.StringValue);
                    break;
                case AnyValue.ValueOneofCase.BoolValue:
                    json.WriteBoolean("boolValue", attribute.Value.BoolValue);
                    break;
                case AnyValue.ValueOneofCase.IntValue:
                    json.WriteString("intValue", attribute.Value.IntValue.ToString(CultureInfo.InvariantCulture));
                    break;
                case AnyValue.ValueOneofCase.DoubleValue:
                    json.WriteNumber("doubleValue", attribute.Value.DoubleValue);
                    break;
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static Resource Resource(string service, Random random) => new()
    {
        Attributes =
        {
            Text("service.name", service),
            Text("service.version", "1.4.2"),
            Text("service.instance.id", string.Create(CultureInfo.InvariantCulture, $"{service}-{random.Next():x8}")),
            Text("host.name", string.Create(CultureInfo.InvariantCulture, $"{service}-{random.Next(1000)}")),
            Text("telemetry.sdk.name", "opentelemetry"),
            Text("telemetry.sdk.language", "dotnet"),
            Text("telemetry.sdk.version", "1.20.1"),
        },
    };

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
