namespace TraceFlow.Storage.ClickHouse.Writing;

/// <summary>A table's columns in insert order, with their types (given so the server is never asked).</summary>
internal sealed class TableColumns
{
    public TableColumns(params (string Column, string Type)[] columns)
    {
        Names = [.. columns.Select(c => c.Column)];
        Types = columns.ToDictionary(c => c.Column, c => c.Type, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Names { get; }

    public IReadOnlyDictionary<string, string> Types { get; }
}
