using System.Collections.Immutable;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Storage;

/// <summary>
/// The names the query UIs offer in their pickers: services, operations by kind, and the
/// services each service calls. Kept per store shard as spans arrive, merged on read.
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.TraceCatalog")]
public sealed record TraceCatalog
{
    [Id(0)] public ImmutableArray<string> Services { get; init; } = [];

    [Id(1)] public ImmutableArray<OperationEntry> Operations { get; init; } = [];

    [Id(2)] public ImmutableArray<RemoteServiceEntry> RemoteServices { get; init; } = [];

    public static TraceCatalog Merge(IEnumerable<TraceCatalog> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        return new TraceCatalog
        {
            Services = [.. list.SelectMany(p => p.Services).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Operations = [.. list.SelectMany(p => p.Operations).Distinct().OrderBy(o => o.Service, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Kind)],
            RemoteServices = [.. list.SelectMany(p => p.RemoteServices).Distinct().OrderBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.RemoteService, StringComparer.Ordinal)],
        };
    }
}

/// <summary>An operation (span name) of a service, by span kind.</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.OperationEntry")]
public readonly record struct OperationEntry([property: Id(0)] string Service, [property: Id(1)] string Name, [property: Id(2)] SpanKind Kind);

/// <summary>A service that <see cref="Service"/>'s spans call (<c>peer.service</c>).</summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.RemoteServiceEntry")]
public readonly record struct RemoteServiceEntry([property: Id(0)] string Service, [property: Id(1)] string RemoteService);
