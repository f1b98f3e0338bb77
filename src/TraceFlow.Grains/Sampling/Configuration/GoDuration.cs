using System.Globalization;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>
/// Durations as the Collector's YAML writes them (Go's <c>time.Duration</c>: <c>10s</c>,
/// <c>500ms</c>, <c>1m30s</c>, <c>1.5h</c>), or .NET's <c>hh:mm:ss</c>.
/// </summary>
public static class GoDuration
{
    private static readonly (string Name, double Ticks)[] Units =
    [
        ("ns", 0.01), ("us", TimeSpan.TicksPerMicrosecond), ("µs", TimeSpan.TicksPerMicrosecond), ("μs", TimeSpan.TicksPerMicrosecond),
        ("ms", TimeSpan.TicksPerMillisecond), ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
        }

        if (text == "0")
        {
            return true;
        }

        double ticks = 0;
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < rest.Length && (char.IsAsciiDigit(rest[numberLength]) || rest[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !double.TryParse(rest[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            rest = rest[numberLength..];
            var unit = Unit(rest);
            if (unit.Name is null)
            {
                return false;
            }

            ticks += value * unit.Ticks;
            rest = rest[unit.Name.Length..];
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)Math.Round(ticks));
        return true;
    }

    /// <summary>The longest unit name <paramref name="text"/> starts with ("ms" before "m").</summary>
    private static (string? Name, double Ticks) Unit(ReadOnlySpan<char> text)
    {
        (string? Name, double Ticks) best = (null, 0);
        foreach (var unit in Units)
        {
            if (text.StartsWith(unit.Name, StringComparison.Ordinal) && unit.Name.Length > (best.Name?.Length ?? 0))
            {
                best = unit;
            }
        }

        return best;
    }
}
