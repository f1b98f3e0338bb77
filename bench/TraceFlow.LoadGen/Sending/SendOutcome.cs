namespace TraceFlow.LoadGen.Sending;

/// <summary>
/// What became of one request's spans: accepted (2xx less per-span refusals), rejected (refused as
/// invalid), shed (429/503: the collector asked to back off), or failed (transport or other errors).
/// </summary>
internal readonly record struct SendOutcome(long Accepted, long Rejected, long Shed, bool Failed, TimeSpan? RetryAfter)
{
    public static SendOutcome Ok(long spans, long rejected) => new(spans - rejected, rejected, 0, false, null);

    public static SendOutcome Refused(long spans) => new(0, spans, 0, false, null);

    public static SendOutcome Throttled(long spans, TimeSpan? retryAfter) => new(0, 0, spans, false, retryAfter);

    public static SendOutcome Error() => new(0, 0, 0, true, null);
}
