using System.Globalization;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// The Go syntaxes Jaeger's query parameters are written in: <c>time.ParseDuration</c>
/// (<c>1.5s</c>, <c>100ms</c>, <c>1h30m</c>) and <c>strconv.ParseBool</c>.
/// </summary>
internal static class GoFormats
{
    // Refusing long input up front keeps every sum below decimal's range.
    private const int MaxDurationLength = 64;
    private const int MaxWholeDigits = 19;
    private const int MaxFractionDigits = 18;

    /// <summary>Parses a Go duration into nanoseconds; false when Go would refuse it or it overflows 64 bits.</summary>
    public static bool TryParseDuration(string? text, out long nanos)
    {
        nanos = 0;
        if (string.IsNullOrEmpty(text) || text.Length > MaxDurationLength)
        {
            return false;
        }

        var i = 0;
        var negative = false;
        if (text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            i++;
        }

        if (text.AsSpan(i) is "0")
        {
            return true;
        }

        if (i == text.Length)
        {
            return false;
        }

        var total = 0m;
        while (i < text.Length)
        {
            var wholeStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            var whole = text.AsSpan(wholeStart, i - wholeStart);
            var fraction = ReadOnlySpan<char>.Empty;
            if (i < text.Length && text[i] == '.')
            {
                var fractionStart = ++i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                fraction = text.AsSpan(fractionStart, i - fractionStart);
            }

            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            var unit = UnitNanos(text.AsSpan(unitStart, i - unitStart));
            if ((whole.IsEmpty && fraction.IsEmpty) || unit == 0 || whole.Length > MaxWholeDigits)
            {
                return false;
            }

            var value = whole.IsEmpty ? 0m : decimal.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture);
            if (!fraction.IsEmpty)
            {
                var digits = fraction[..Math.Min(fraction.Length, MaxFractionDigits)];
                value += decimal.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) / Pow10(digits.Length);
            }

            total += value * unit;
            if (total > long.MaxValue)
            {
                return false;
            }
        }

        nanos = (long)decimal.Truncate(total) * (negative ? -1 : 1);
        return true;
    }

    /// <summary>Go's <c>strconv.ParseBool</c>: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.</summary>
    public static bool TryParseBool(string? text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    private static long UnitNanos(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1,
        "us" or "\u00b5s" or "\u03bcs" => 1_000,
        "ms" => 1_000_000,
        "s" => 1_000_000_000,
        "m" => 60_000_000_000,
        "h" => 3_600_000_000_000,
        _ => 0,
    };

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
