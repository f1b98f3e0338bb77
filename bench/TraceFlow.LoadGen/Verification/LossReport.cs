using System.Globalization;

namespace TraceFlow.LoadGen.Verification;

/// <summary>
/// Sent versus stored after a drain. No loss means: every kept trace is stored (or was evicted
/// by the bounded store, which the collector counts), and every stored trace holds every span
/// that was sent and accepted for it.
/// </summary>
internal sealed record LossReport(
    long TracesSent,
    long KeptDecisions,
    long StoredTraces,
    long EvictedTraces,
    long SpansSentForStoredTraces,
    long SpansStored,
    bool Drained)
{
    public long MissingTraces => Math.Max(0, KeptDecisions - StoredTraces - EvictedTraces);

    public bool ZeroLoss => Drained && MissingTraces == 0 && SpansSentForStoredTraces == SpansStored;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"""
        traces sent {TracesSent}, kept by tail sampling {KeptDecisions}, stored {StoredTraces}, evicted by the full store {EvictedTraces}
        spans sent for stored traces {SpansSentForStoredTraces}, spans stored {SpansStored}
        {(ZeroLoss ? "zero loss" : $"LOSS: {MissingTraces} kept traces missing, {SpansSentForStoredTraces - SpansStored} spans missing{(Drained ? "" : " (the collector did not drain in time)")}")}
        """);
}
