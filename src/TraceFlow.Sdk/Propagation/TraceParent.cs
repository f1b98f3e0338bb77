using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TraceFlow.Sdk.Propagation;

/// <summary>
/// The W3C Trace Context <c>traceparent</c> header: <c>00-{trace-id}-{parent-id}-{flags}</c>,
/// 32 and 16 lowercase hex digits. Parsing follows the spec's rules for version 00 and for
/// future versions (read the first four fields, ignore what follows); anything invalid is
/// refused rather than repaired, and the caller starts a new trace.
/// </summary>
/// <param name="TraceId">32 lowercase hex digits, not all zero.</param>
/// <param name="ParentId">16 lowercase hex digits, not all zero: the caller's span id.</param>
/// <param name="Flags">
/// The raw <c>trace-flags</c> byte as received, so that parsing and formatting round-trip.
/// Only <see cref="SampledFlag"/> is defined by Level 1 of the spec, which says the other
/// bits MUST be sent as zero; the propagators therefore pass on the sampled bit alone.
/// </param>
public readonly record struct TraceParent(string TraceId, string ParentId, byte Flags)
{
    /// <summary>Length of a version-00 header, and the minimum length of any version.</summary>
    public const int Length = 55;

    /// <summary>The <c>sampled</c> bit of <c>trace-flags</c>: the caller may have recorded the trace.</summary>
    public const byte SampledFlag = 0x01;

    private const int TraceIdLength = 32;
    private const int ParentIdLength = 16;

    /// <summary>Whether the caller may have recorded its span (the <see cref="SampledFlag"/> bit).</summary>
    public bool Sampled => (Flags & SampledFlag) != 0;

    /// <summary>
    /// Formats the header as version 00, the highest version this code knows: the spec tells a
    /// vendor that parsed a higher version to downgrade it when passing it on.
    /// </summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"00-{TraceId}-{ParentId}-{Flags:x2}");

    /// <summary>
    /// Parses one <c>traceparent</c> value exactly as the spec's ABNF states it. Surrounding
    /// whitespace is not accepted here: removing HTTP's optional whitespace is the job of whoever
    /// reads the header field (the propagators do it).
    /// </summary>
    /// <returns><see langword="false"/> for any input that is not a valid header; never throws.</returns>
    public static bool TryParse(string? header, [NotNullWhen(true)] out TraceParent? result)
    {
        result = null;
        if (header is null || header.Length < Length)
        {
            return false;
        }

        var version = header.AsSpan(0, 2);
        if (!IsLowerHex(version) || version.SequenceEqual("ff"))
        {
            return false;
        }

        // Version 00 is exactly 55 characters; a later version may append "-..." fields.
        var isV00 = version.SequenceEqual("00");
        if ((isV00 && header.Length != Length) || (!isV00 && header.Length > Length && header[Length] != '-'))
        {
            return false;
        }

        if (header[2] != '-' || header[35] != '-' || header[52] != '-')
        {
            return false;
        }

        var traceId = header.AsSpan(3, TraceIdLength);
        var parentId = header.AsSpan(36, ParentIdLength);
        var flags = header.AsSpan(53, 2);
        if (!IsValidTraceId(traceId) || !IsValidParentId(parentId) || !IsLowerHex(flags))
        {
            return false;
        }

        result = new TraceParent(traceId.ToString(), parentId.ToString(), byte.Parse(flags, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>
    /// Whether <paramref name="traceId"/> may be sent as a <c>trace-id</c>: 32 lowercase hex digits,
    /// not all zero. Used before injecting, so an unset id never leaves the process.
    /// </summary>
    public static bool IsValidTraceId(ReadOnlySpan<char> traceId) =>
        traceId.Length == TraceIdLength && IsLowerHex(traceId) && !IsAllZero(traceId);

    /// <summary>
    /// Whether <paramref name="parentId"/> may be sent as a <c>parent-id</c>: 16 lowercase hex
    /// digits, not all zero.
    /// </summary>
    public static bool IsValidParentId(ReadOnlySpan<char> parentId) =>
        parentId.Length == ParentIdLength && IsLowerHex(parentId) && !IsAllZero(parentId);

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllZero(ReadOnlySpan<char> text) => !text.ContainsAnyExcept('0');
}
