using System.Globalization;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// The values of one query, each behind a numbered <c>{pN:Type}</c> placeholder: queries are
/// assembled from fixed text and the placeholders this hands out, never from a value itself.
/// </summary>
internal sealed class SqlParameters
{
    private readonly List<QueryParameter> values = [];

    public IReadOnlyList<QueryParameter> Values => values;

    /// <summary>A placeholder for a string value.</summary>
    public string Text(string value) => Add(QueryParameter.Text(NextName(), value));

    /// <summary>A placeholder for an integer value.</summary>
    public string Number(long value) => Add(QueryParameter.Number(NextName(), value));

    private string NextName() => string.Create(CultureInfo.InvariantCulture, $"p{values.Count}");

    private string Add(QueryParameter parameter)
    {
        values.Add(parameter);
        return $"{{{parameter.Name}:{parameter.Type}}}";
    }
}
