using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace TraceFlow.Sdk.Propagation;

/// <summary>
/// Writes and reads the W3C Trace Context headers (<c>traceparent</c>, <c>tracestate</c>) on any
/// carrier, strictly: an invalid or duplicated <c>traceparent</c> yields no context, so the caller
/// starts a new trace instead of joining one it cannot trust, and an invalid <c>tracestate</c> is
/// dropped without losing the <c>traceparent</c>.
/// </summary>
/// <remarks>
/// Header names are ASCII case-insensitive in HTTP. This class always asks the carrier for the
/// lowercase names; matching <c>TraceParent</c> or <c>TRACESTATE</c> is up to the getter
/// (HTTP header collections do it, a plain <see cref="Dictionary{TKey,TValue}"/> only with
/// <see cref="StringComparer.OrdinalIgnoreCase"/>).
/// </remarks>
public sealed class TraceContextPropagator
{
    /// <summary>The <c>traceparent</c> header name, lowercase as the spec recommends for sending.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The <c>tracestate</c> header name.</summary>
    public const string TraceStateHeader = "tracestate";

    private TraceContextPropagator()
    {
    }

    /// <summary>The propagator; it holds no state, so one instance serves every caller.</summary>
    public static TraceContextPropagator Instance { get; } = new();

    /// <summary>
    /// Writes <c>traceparent</c> (version 00, lowercase, only the sampled flag) and, when
    /// <see cref="ActivityContext.TraceState"/> is a valid non-empty list, <c>tracestate</c>.
    /// Nothing is written for a default context or one with an all-zero id, so a missing context
    /// never turns into a bogus trace downstream.
    /// </summary>
    /// <param name="context">The context to send; usually <c>Activity.Current.Context</c>.</param>
    /// <param name="carrier">The outgoing message or header collection.</param>
    /// <param name="setter">Stores one header; it should replace any value already there.</param>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance API through Instance, so callers can hold and pass the propagator like other propagators.")]
    public void Inject<TCarrier>(ActivityContext context, TCarrier carrier, Action<TCarrier, string, string> setter)
    {
        ArgumentNullException.ThrowIfNull(setter);
        if (!TryFormatTraceParent(context, out var traceParent))
        {
            return;
        }

        setter(carrier, TraceParentHeader, traceParent);
        var traceState = NormaliseTraceState(context.TraceState);
        if (traceState is not null)
        {
            setter(carrier, TraceStateHeader, traceState);
        }
    }

    /// <summary>
    /// Reads the incoming context. Returns <see langword="null"/> — never throws — when
    /// <c>traceparent</c> is missing, invalid or present more than once; the caller then starts a
    /// new trace. Otherwise the context is remote, carries only the sampled flag as
    /// <see cref="ActivityTraceFlags.Recorded"/>, and has the normalised <c>tracestate</c>, or
    /// <see langword="null"/> when that header is absent, empty or invalid.
    /// </summary>
    /// <param name="carrier">The incoming message or header collection.</param>
    /// <param name="getter">
    /// Returns every value of one header, one per header field, or <see langword="null"/> when the
    /// header is absent.
    /// </param>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Instance API through Instance, so callers can hold and pass the propagator like other propagators.")]
    public ActivityContext? Extract<TCarrier>(TCarrier carrier, Func<TCarrier, string, IEnumerable<string>?> getter)
    {
        ArgumentNullException.ThrowIfNull(getter);
        if (!TryReadTraceParent(getter(carrier, TraceParentHeader), out var traceParent))
        {
            return null;
        }

        var flags = traceParent.Value.Sampled ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None;
        return new ActivityContext(
            ActivityTraceId.CreateFromString(traceParent.Value.TraceId),
            ActivitySpanId.CreateFromString(traceParent.Value.ParentId),
            flags,
            ReadTraceState(getter(carrier, TraceStateHeader)),
            isRemote: true);
    }

    /// <summary>
    /// Formats the <c>traceparent</c> to send for <paramref name="context"/>, keeping only the
    /// sampled flag (Level 1 says other flags MUST be sent as zero).
    /// </summary>
    internal static bool TryFormatTraceParent(ActivityContext context, out string traceParent)
    {
        var traceId = context.TraceId.ToHexString();
        var spanId = context.SpanId.ToHexString();
        if (!TraceParent.IsValidTraceId(traceId) || !TraceParent.IsValidParentId(spanId))
        {
            traceParent = string.Empty;
            return false;
        }

        var flags = (context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? TraceParent.SampledFlag : (byte)0;
        traceParent = new TraceParent(traceId, spanId, flags).ToString();
        return true;
    }

    /// <summary>
    /// Reads the one <c>traceparent</c> among the header's <paramref name="values"/>. Two or more
    /// fields are refused: the spec cannot tell which one is the parent. Spaces and tabs around the
    /// value are HTTP's optional whitespace, not part of it, and are removed first.
    /// </summary>
    internal static bool TryReadTraceParent(IEnumerable<string?>? values, [NotNullWhen(true)] out TraceParent? traceParent)
    {
        traceParent = null;
        if (values is null)
        {
            return false;
        }

        string? single = null;
        var count = 0;
        foreach (var value in values)
        {
            if (++count > 1)
            {
                return false;
            }

            single = value;
        }

        return single is not null && TraceParent.TryParse(single.Trim(' ', '\t'), out traceParent);
    }

    /// <summary>
    /// Combines the <c>tracestate</c> header fields and returns the normalised list, or
    /// <see langword="null"/> when there is none or it is invalid (then it is dropped whole).
    /// </summary>
    internal static string? ReadTraceState(IEnumerable<string?>? values) =>
        TraceState.TryParse(values, out var state) && !state.IsEmpty ? state.ToString() : null;

    /// <summary>The normalised form of <paramref name="traceState"/>, or <see langword="null"/> when empty or invalid.</summary>
    internal static string? NormaliseTraceState(string? traceState) =>
        TraceState.TryParse(traceState, out var state) && !state.IsEmpty ? state.ToString() : null;
}
