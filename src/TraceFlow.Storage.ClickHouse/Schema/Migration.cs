namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>One numbered step of the schema: idempotent statements, with <c>{db}</c> standing for the database.</summary>
public sealed record Migration(uint Version, string Description, IReadOnlyList<string> Statements)
{
    /// <summary>
    /// Columns added before the statements run. ClickHouse 18.16 has no <c>ADD COLUMN IF NOT
    /// EXISTS</c>, so the migrator adds each only when the table lacks it, which keeps the step idempotent.
    /// </summary>
    public IReadOnlyList<AddedColumn> AddedColumns { get; init; } = [];
}
