namespace TraceFlow.Grains.Traces;

/// <summary>
/// Validation and normalisation of trace and span ids. W3C/OTLP ids (16 or 32 hex
/// characters) are lowercased so that every protocol maps one trace to one key; the seed's
/// short ids such as <c>trace-1</c> are kept verbatim.
/// </summary>
public static class SpanIds
{
    public const int MaxLength = 64;

    /// <summary>Returns the normalised id, or null with a reason when the id is unusable.</summary>
    public static string? Normalize(string? raw, out string? error)
    {
        if (string.IsNullOrEmpty(raw))
        {
            error = "must be a non-empty string";
            return null;
        }

        if (raw.Length > MaxLength)
        {
            error = $"must be at most {MaxLength} characters";
            return null;
        }

        var allHex = true;
        var allZero = true;
        foreach (var c in raw)
        {
            if (!IsAllowed(c))
            {
                error = "may only contain letters, digits, '-', '_', '.' and ':'";
                return null;
            }

            allHex &= char.IsAsciiHexDigit(c);
            allZero &= c == '0';
        }

        if (allHex && allZero)
        {
            error = "must not be all zeros";
            return null;
        }

        error = null;
        return allHex && (raw.Length == 16 || raw.Length == 32) ? raw.ToLowerInvariant() : raw;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':';
}
