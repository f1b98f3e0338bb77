using System.Collections.ObjectModel;
using System.Diagnostics;

namespace TraceFlow.Sdk.Propagation;

/// <summary>
/// A <see cref="DistributedContextPropagator"/> with TraceFlow's strict W3C rules, for the places
/// that take one: ASP.NET Core resolves it from dependency injection for incoming requests, and
/// <see cref="HttpClient"/> uses <see cref="DistributedContextPropagator.Current"/> or
/// <c>SocketsHttpHandler.ActivityHeadersPropagator</c> for outgoing ones.
/// </summary>
/// <remarks>
/// <para>
/// Trace context follows <see cref="TraceContextPropagator"/>: only W3C-format activities are sent,
/// and an invalid or duplicated incoming <c>traceparent</c> yields no trace id, so ASP.NET Core
/// starts a new trace. Legacy <c>Request-Id</c> and <c>Correlation-Context</c> headers are neither
/// read nor written.
/// </para>
/// <para>
/// Baggage uses the W3C <c>baggage</c> header with TraceFlow's own codec rather than .NET's
/// built-in propagator, because that propagator cannot be asked for baggage without also writing
/// a <c>traceparent</c> by its own, more lenient, rules. Baggage is sent for any activity,
/// whatever its id format: the Baggage spec does not depend on Trace Context.
/// </para>
/// </remarks>
public sealed class TraceFlowPropagator : DistributedContextPropagator
{
    /// <summary>The W3C Baggage header name.</summary>
    public const string BaggageHeader = "baggage";

    private static readonly ReadOnlyCollection<string> FieldNames = new(
        [TraceContextPropagator.TraceParentHeader, TraceContextPropagator.TraceStateHeader, BaggageHeader]);

    /// <summary>The headers this propagator reads and writes: <c>traceparent</c>, <c>tracestate</c>, <c>baggage</c>.</summary>
    public override IReadOnlyCollection<string> Fields => FieldNames;

    /// <summary>
    /// Writes <c>traceparent</c> (flags <c>01</c> when the activity is recorded) and, when valid,
    /// <c>tracestate</c> for a W3C-format <paramref name="activity"/>, then its baggage. Does nothing
    /// for a <see langword="null"/> activity or setter.
    /// </summary>
    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter)
    {
        if (activity is null || setter is null)
        {
            return;
        }

        if (activity.IdFormat == ActivityIdFormat.W3C
            && TraceContextPropagator.TryFormatTraceParent(activity.Context, out var traceParent))
        {
            setter(carrier, TraceContextPropagator.TraceParentHeader, traceParent);
            var traceState = TraceContextPropagator.NormaliseTraceState(activity.TraceStateString);
            if (traceState is not null)
            {
                setter(carrier, TraceContextPropagator.TraceStateHeader, traceState);
            }
        }

        var baggage = W3CBaggage.Format(activity.Baggage);
        if (baggage is not null)
        {
            setter(carrier, BaggageHeader, baggage);
        }
    }

    /// <summary>
    /// Reads the incoming <c>traceparent</c>, re-formatted as version 00 with only the sampled flag,
    /// and the normalised <c>tracestate</c>. Both are <see langword="null"/> when the
    /// <c>traceparent</c> is missing, invalid or duplicated (the spec forbids reading
    /// <c>tracestate</c> then); <paramref name="traceState"/> alone is <see langword="null"/> when
    /// only it is absent or invalid. Never throws on header content.
    /// </summary>
    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceId = null;
        traceState = null;
        if (getter is null
            || !TraceContextPropagator.TryReadTraceParent(GetValues(carrier, getter, TraceContextPropagator.TraceParentHeader), out var traceParent))
        {
            return;
        }

        var flags = traceParent.Value.Sampled ? TraceParent.SampledFlag : (byte)0;
        traceId = (traceParent.Value with { Flags = flags }).ToString();
        traceState = TraceContextPropagator.ReadTraceState(GetValues(carrier, getter, TraceContextPropagator.TraceStateHeader));
    }

    /// <summary>
    /// Reads the incoming <c>baggage</c>, in reverse header order as this API's callers expect (they
    /// prepend each item). Malformed members are skipped; at most 180 members and 8192 bytes are read.
    /// </summary>
    /// <returns>The items, or <see langword="null"/> when there is no valid baggage.</returns>
    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter)
    {
        if (getter is null)
        {
            return null;
        }

        var values = GetValues(carrier, getter, BaggageHeader);
        return values is null ? null : W3CBaggage.Parse(string.Join(',', values));
    }

    // The callback reports either one value or several; this turns both into a list of fields.
    private static IEnumerable<string?>? GetValues(object? carrier, PropagatorGetterCallback getter, string name)
    {
        getter(carrier, name, out var value, out var values);
        return values ?? (value is null ? null : [value]);
    }
}
