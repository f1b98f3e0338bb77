using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace TraceFlow.Sdk.Propagation;

/// <summary>
/// The W3C Trace Context <c>traceparent</c> header: <c>00-{trace-id}-{parent-id}-{flags}</c>,
/// 32 and 16 lowercase hex digits. Parsing follows the spec's rules for version 00 and for
/// future versions (read the first four fields, ignore what follows); anything invalid is
/// refused rather than repaired, and the caller starts a new trace.
/// </summary>
public readonly record struct TraceParent(string TraceId, string ParentId, byte Flags)
{
    public const int Length = 55;
    private const byte SampledFlag = 0x01;

    public bool Sampled => (Flags & SampledFlag) != 0;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"00-{TraceId}-{ParentId}-{Flags:x2}");

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

        var traceId = header.AsSpan(3, 32);
        var parentId = header.AsSpan(36, 16);
        var flags = header.AsSpan(53, 2);
        if (!IsLowerHex(traceId) || !IsLowerHex(parentId) || !IsLowerHex(flags) || IsAllZero(traceId) || IsAllZero(parentId))
        {
            return false;
        }

        result = new TraceParent(traceId.ToString(), parentId.ToString(), byte.Parse(flags, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        return true;
    }

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
