using TraceFlow.Grains.Storage;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>A parsed <c>GET /api/traces</c>: trace ids to return as they are (trace compare), or else a query.</summary>
internal sealed record JaegerSearch(TraceQuery Query, IReadOnlyList<TraceIdLookup> TraceIds);
