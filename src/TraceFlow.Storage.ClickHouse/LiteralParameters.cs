using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TraceFlow.Storage.ClickHouse;

/// <summary>
/// For servers older than 19.11, which take no query parameters: each <c>{name:Type}</c>
/// placeholder becomes a literal of its declared type. Strings are quoted with every
/// backslash and quote escaped, numbers are written from typed values, so a value can only
/// ever be a value. Newer servers get the parameters sent beside the query instead.
/// </summary>
internal static partial class LiteralParameters
{
    public static string Render(string sql, IReadOnlyList<QueryParameter> parameters)
    {
        var byName = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        return Placeholder().Replace(sql, match =>
        {
            var name = match.Groups["name"].Value;
            if (!byName.TryGetValue(name, out var parameter))
            {
                throw new ArgumentException($"The query uses {{{name}}} but no such parameter was given", nameof(parameters));
            }

            if (!string.Equals(parameter.Type, match.Groups["type"].Value, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Parameter {name} is {parameter.Type}, the query expects {match.Groups["type"].Value}", nameof(parameters));
            }

            return Literal(parameter);
        });
    }

    private static string Literal(QueryParameter parameter) => parameter.Value switch
    {
        string text when parameter.Type == "String" => Quote(text),
        long number when parameter.Type == "Int64" => number.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Parameter {parameter.Name}: a {parameter.Value.GetType().Name} is not a {parameter.Type}"),
    };

    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('\'');
        foreach (var c in text)
        {
            if (c is '\\' or '\'')
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.Append('\'').ToString();
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*):(?<type>[A-Za-z0-9_()]+)\}")]
    private static partial Regex Placeholder();
}
