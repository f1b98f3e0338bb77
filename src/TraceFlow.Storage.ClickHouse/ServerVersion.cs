using System.Globalization;

namespace TraceFlow.Storage.ClickHouse;

/// <summary>A ClickHouse server's version, from <c>SELECT version()</c>, and the features it brings.</summary>
public readonly record struct ServerVersion(int Major, int Minor)
{
    /// <summary><c>{name:Type}</c> query parameters sent beside the query (19.11 and later).</summary>
    public bool SupportsQueryParameters => this >= new ServerVersion(19, 11);

    public static bool operator >=(ServerVersion left, ServerVersion right) =>
        left.Major > right.Major || (left.Major == right.Major && left.Minor >= right.Minor);

    public static bool operator <=(ServerVersion left, ServerVersion right) => right >= left;

    public static ServerVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('.');
        if (parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            throw new FormatException($"'{text}' is not a ClickHouse version");
        }

        return new ServerVersion(major, minor);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}
