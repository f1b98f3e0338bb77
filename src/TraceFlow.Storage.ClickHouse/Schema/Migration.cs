namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>One numbered step of the schema: idempotent statements, with <c>{db}</c> standing for the database.</summary>
public sealed record Migration(uint Version, string Description, IReadOnlyList<string> Statements);
