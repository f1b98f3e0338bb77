using System.Collections.Immutable;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// The calls from one service to another within one trace, with how long each took in
/// nanoseconds (the called service's span), in start order: one duration per call.
/// </summary>
public sealed record TimedServiceCall(ServiceCall Call, ImmutableArray<long> DurationsNanos);
