using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// Trace ids between TraceFlow's stored form and the forms Jaeger's clients use: Jaeger
/// prints 16 hex digits when the high 64 bits are zero, OTLP always 32, and requests may
/// carry either, shorter hex, or base64 (Jaeger PR #8828).
/// </summary>
internal static class JaegerTraceIds
{
    private const string HighZeros = "0000000000000000";
    private const int MaxBase64Length = 24;

    /// <summary>As Jaeger prints a trace id: the low 16 hex digits when the high half is zero.</summary>
    public static string ToJaeger(string traceId) =>
        traceId.Length == 32 && traceId.StartsWith(HighZeros, StringComparison.Ordinal) && IsHex(traceId) ? traceId[16..] : traceId;

    /// <summary>As OTLP JSON carries a trace id: 32 hex digits. Non-hex TraceFlow ids stay as they are.</summary>
    public static string ToOtlp(string traceId) =>
        traceId.Length == 16 && IsHex(traceId) ? HighZeros + traceId : traceId;

    /// <summary>
    /// Every stored id a requested trace id may stand for (the id as given, zero-padded to 32,
    /// its 16-digit low half, the hex of a base64 id), or null with the reason none is valid.
    /// </summary>
    public static TraceIdLookup? Parse(string? requested, out string? error)
    {
        var candidates = new List<string>(4);
        var normalized = SpanIds.Normalize(requested, out error);
        if (normalized is not null)
        {
            AddForms(candidates, normalized);
        }

        if (requested is { Length: > 0 and <= MaxBase64Length } && TryDecodeBase64(requested, out var hex))
        {
            AddForms(candidates, hex);
        }

        if (candidates.Count == 0)
        {
            error ??= "is neither a hex nor a base64 trace id";
            return null;
        }

        error = null;
        return new TraceIdLookup(candidates[0], candidates);
    }

    private static void AddForms(List<string> candidates, string id)
    {
        Add(candidates, id);
        if (id.Length <= 32 && IsHex(id))
        {
            var padded = id.ToLowerInvariant().PadLeft(32, '0');
            Add(candidates, padded);
            if (padded.StartsWith(HighZeros, StringComparison.Ordinal))
            {
                Add(candidates, padded[16..]);
            }
        }
    }

    private static void Add(List<string> candidates, string id)
    {
        // All-zero ids and other invalid forms are never stored, so they are no candidates.
        if (SpanIds.Normalize(id, out _) is { } valid && !candidates.Contains(valid))
        {
            candidates.Add(valid);
        }
    }

    private static bool TryDecodeBase64(string text, out string hex)
    {
        hex = "";
        var standard = text.Replace('-', '+').Replace('_', '/');
        if (standard.Length % 4 != 0)
        {
            standard = standard.PadRight(standard.Length + 4 - (standard.Length % 4), '=');
        }

        Span<byte> bytes = stackalloc byte[18];
        if (!Convert.TryFromBase64String(standard, bytes, out var written) || written is not (8 or 16))
        {
            return false;
        }

        hex = Convert.ToHexStringLower(bytes[..written]);
        return true;
    }

    private static bool IsHex(string id)
    {
        foreach (var c in id)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return id.Length > 0;
    }
}
