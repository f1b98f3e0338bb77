using System.Globalization;
using System.Text.RegularExpressions;

namespace TraceFlow.Gateway.Query.Jaeger.V3;

/// <summary>
/// RFC 3339 times with up to nanosecond fractions (Go's <c>time.RFC3339Nano</c>), which
/// <see cref="DateTimeOffset"/> cannot hold: its ticks are 100 ns.
/// </summary>
internal static partial class Rfc3339
{
    private const int NanoDigits = 9;

    public static bool TryParseUnixNanos(string? text, out long unixNanos)
    {
        unixNanos = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        // An unencoded '+' of an offset arrives as a space (Grafana appends these times unencoded).
        var match = Pattern().Match(text.Replace(' ', '+'));
        if (!match.Success)
        {
            return false;
        }

        var offset = match.Groups["offset"].Value is "Z" or "z" ? "+00:00" : match.Groups["offset"].Value;
        if (!DateTimeOffset.TryParseExact(
                match.Groups["seconds"].Value.ToUpperInvariant() + offset,
                "yyyy-MM-dd'T'HH:mm:sszzz",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var time))
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var digits = fraction.Length > NanoDigits ? fraction[..NanoDigits] : fraction.PadRight(NanoDigits, '0');
        var seconds = time.ToUnixTimeSeconds();
        if (seconds < 0 || seconds > long.MaxValue / 1_000_000_000 - 1)
        {
            return false;
        }

        unixNanos = (seconds * 1_000_000_000) + long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,18}))?(?<offset>[Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
