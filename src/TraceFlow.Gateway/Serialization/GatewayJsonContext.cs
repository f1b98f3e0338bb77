using System.Text.Json.Serialization;
using TraceFlow.Gateway.Diagnostics;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Query;
using TraceFlow.Gateway.Sampling;

namespace TraceFlow.Gateway.Serialization;

/// <summary>Source-generated JSON for every gateway response; snake_case like the seed's API.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(IngestResponse))]
[JsonSerializable(typeof(List<SpanRejection>))]
[JsonSerializable(typeof(TraceListResponse))]
[JsonSerializable(typeof(TraceResponse))]
[JsonSerializable(typeof(SpanEventResponse))]
[JsonSerializable(typeof(DependencyGraphResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(TimelineResponse))]
[JsonSerializable(typeof(MemorySnapshot))]
[JsonSerializable(typeof(SamplingPreviewResponse))]
[JsonSerializable(typeof(SamplingPoliciesResponse))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
