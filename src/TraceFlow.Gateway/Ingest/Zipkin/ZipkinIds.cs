using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TraceFlow.Gateway.Ingest.Zipkin;

/// <summary>
/// Zipkin's hex ids. Trace ids are stored as 32 lowercase hex characters whatever their
/// width on the wire, so a 64-bit Zipkin id and the 128-bit W3C id with the same low half
/// never split one trace into two keys; they are printed back at 16 when the high half is zero.
/// </summary>
internal static class ZipkinIds
{
    public const int TraceIdLength = 32;
    public const int SpanIdLength = 16;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>16 or 32 hex characters as 32 lowercase ones; null and the problem otherwise.</summary>
    public static string? NormalizeTraceId(string? hex, out string? problem)
    {
        if (!IsHex(hex) || (hex.Length != SpanIdLength && hex.Length != TraceIdLength))
        {
            problem = "must be 16 or 32 hex characters";
            return null;
        }

        if (IsAllZeros(hex))
        {
            problem = "must not be all zeros";
            return null;
        }

        problem = null;
        return hex.ToLowerInvariant().PadLeft(TraceIdLength, '0');
    }

    /// <summary>16 hex characters, lowercased; null and the problem otherwise.</summary>
    public static string? NormalizeSpanId(string? hex, out string? problem)
    {
        if (!IsHex(hex) || hex.Length != SpanIdLength)
        {
            problem = "must be 16 hex characters";
            return null;
        }

        if (IsAllZeros(hex))
        {
            problem = "must not be all zeros";
            return null;
        }

        problem = null;
        return hex.ToLowerInvariant();
    }

    /// <summary>Id bytes as lowercase hex; null when there are none.</summary>
    public static string? FromBytes(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? null : Convert.ToHexStringLower(bytes);

    /// <summary>A stored trace id as Zipkin prints it: 16 hex characters when the high 64 bits are zero.</summary>
    public static string ToZipkin(string traceId)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        return traceId.Length == TraceIdLength && traceId.AsSpan(0, SpanIdLength).IndexOfAnyExcept('0') < 0 && IsHex(traceId)
            ? traceId[SpanIdLength..]
            : traceId;
    }

    /// <summary>The error text for an id of the wrong width in bytes (protobuf).</summary>
    public static string ByteLengthProblem(int length, string expected) =>
        string.Create(CultureInfo.InvariantCulture, $"must be {expected} bytes, not {length}");

    private static bool IsHex([NotNullWhen(true)] string? text) =>
        !string.IsNullOrEmpty(text) && !text.AsSpan().ContainsAnyExcept(HexDigits);

    private static bool IsAllZeros(string hex) => hex.AsSpan().IndexOfAnyExcept('0') < 0;
}
