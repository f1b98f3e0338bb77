namespace TraceFlow.Sdk.Tracing;

/// <summary>
/// Marks the current async flow as TraceFlow's own plumbing (the exporter's requests to the
/// collector) so that no span is recorded for it: otherwise every export would produce a span
/// to export, forever.
/// </summary>
public static class InstrumentationSuppression
{
    private static readonly AsyncLocal<bool> Suppressed = new();

    public static bool IsActive => Suppressed.Value;

    /// <summary>Suppresses recording until the returned scope is disposed.</summary>
    public static Scope Begin()
    {
        var previous = Suppressed.Value;
        Suppressed.Value = true;
        return new Scope(previous);
    }

    public readonly struct Scope(bool previous) : IDisposable
    {
        public void Dispose() => Suppressed.Value = previous;
    }
}
