namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>What stateful policies need from their host: a clock (a replayed one for previews).</summary>
public sealed record PolicyContext(TimeProvider Time)
{
    public static PolicyContext System { get; } = new(TimeProvider.System);
}
