using System.Collections.Immutable;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// The service and resource a span was sent from: a Jaeger process, an OTLP resource. Spans
/// with equal identities share one process entry or one <c>ResourceSpans</c>.
/// </summary>
internal sealed class ResourceIdentity(string service, ImmutableArray<SpanAttribute> attributes) : IEquatable<ResourceIdentity>
{
    public const string ServiceNameAttribute = "service.name";

    public string Service { get; } = service;

    public ImmutableArray<SpanAttribute> Attributes { get; } = AttributeSequence.Normalize(attributes);

    public static ResourceIdentity Of(Span span)
    {
        ArgumentNullException.ThrowIfNull(span);
        return new ResourceIdentity(span.Service, span.ResourceAttributes);
    }

    public bool Equals(ResourceIdentity? other) =>
        other is not null && Service == other.Service && AttributeSequence.Equal(Attributes, other.Attributes);

    public override bool Equals(object? obj) => Equals(obj as ResourceIdentity);

    public override int GetHashCode() => HashCode.Combine(Service, AttributeSequence.Hash(Attributes));
}
