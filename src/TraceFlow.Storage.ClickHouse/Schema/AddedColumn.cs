namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>A column a migration adds to an existing table (<c>ALTER TABLE … ADD COLUMN</c>): a change of metadata only, older rows read its default.</summary>
public sealed record AddedColumn(string Table, string Name, string Type);
