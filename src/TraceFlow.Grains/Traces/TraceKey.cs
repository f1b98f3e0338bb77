namespace TraceFlow.Grains.Traces;

/// <summary>
/// The key of a trace grain and a stored trace: <c>{tenant}/{traceId}</c>. Trace ids never
/// contain '/', so the key splits unambiguously.
/// </summary>
[GenerateSerializer, Immutable, Alias("TraceFlow.TraceKey")]
public readonly record struct TraceKey([property: Id(0)] string Tenant, [property: Id(1)] string TraceId)
{
    public const string DefaultTenant = "default";

    public override string ToString() => string.Concat(Tenant, "/", TraceId);

    public static TraceKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1)
        {
            throw new FormatException($"'{key}' is not a trace key of the form tenant/traceId.");
        }

        return new TraceKey(key[..slash], key[(slash + 1)..]);
    }
}
