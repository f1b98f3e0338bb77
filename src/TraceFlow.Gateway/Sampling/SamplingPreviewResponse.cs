using TraceFlow.Gateway.Query;
using TraceFlow.Grains.Sampling.Preview;

namespace TraceFlow.Gateway.Sampling;

/// <summary>What a policy set would keep of the stored traces, overall and policy by policy.</summary>
/// <param name="MoreAvailable">More stored traces matched than <c>limit</c> let the preview evaluate.</param>
/// <param name="FromUnixMs">Start of the oldest evaluated trace (null when none was).</param>
/// <param name="ToUnixMs">Start of the newest evaluated trace.</param>
/// <param name="NoPolicyDecided">Dropped because no policy had an opinion.</param>
public sealed record SamplingPreviewResponse(
    int TracesEvaluated,
    int Kept,
    double KeptFraction,
    int Dropped,
    int NoPolicyDecided,
    bool MoreAvailable,
    double? FromUnixMs,
    double? ToUnixMs,
    IReadOnlyList<PolicyPreviewResponse> Policies,
    string Note)
{
    public const string StoreNote =
        "The trace store holds only the traces the live policies kept, so these are fractions of those traces, not of all traffic. " +
        "With KeepAll (the local profile) the store holds every trace.";

    public static SamplingPreviewResponse From(ReplayResult result, bool moreAvailable, long? fromUnixNanos, long? toUnixNanos)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            result.Evaluated,
            result.Kept,
            Fraction(result.Kept, result.Evaluated),
            result.Dropped,
            result.NoPolicyDecided,
            moreAvailable,
            fromUnixNanos is { } from ? Units.NanosToMillis(from) : null,
            toUnixNanos is { } to ? Units.NanosToMillis(to) : null,
            [.. result.Policies.Select(p => PolicyPreviewResponse.From(p, result.Evaluated))],
            StoreNote);
    }

    public static double Fraction(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
