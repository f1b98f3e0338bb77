using Microsoft.Extensions.Logging;

namespace TraceFlow.Storage.ClickHouse.Schema;

/// <summary>
/// Brings the database to the latest schema at start-up: creates it, then applies each
/// migration not yet recorded in <c>schema_migrations</c>, in order. Every statement is
/// idempotent, so silos starting together, or a start that stopped half-way, are harmless.
/// </summary>
public sealed partial class SchemaMigrator(ClickHouseDatabase database, ILogger<SchemaMigrator> logger)
{
    /// <summary>How long one step's statement may run: a step that fills a new table from an old one reads all of it.</summary>
    public static readonly TimeSpan StatementTimeout = TimeSpan.FromHours(1);

    public async Task<IReadOnlyList<uint>> MigrateAsync(IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        await database.ExecuteAsync($"CREATE DATABASE IF NOT EXISTS {database.Name}", cancellationToken);
        await database.ExecuteAsync(
            $"CREATE TABLE IF NOT EXISTS {database.Table("schema_migrations")} (version UInt32, description String, applied_at DateTime) ENGINE = MergeTree() ORDER BY version",
            cancellationToken);
        var applied = (await AppliedAsync(cancellationToken)).ToHashSet();
        var newlyApplied = new List<uint>();
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            if (applied.Contains(migration.Version))
            {
                continue;
            }

            foreach (var column in migration.AddedColumns)
            {
                await AddColumnAsync(column, cancellationToken);
            }

            foreach (var statement in migration.Statements)
            {
                await database.ExecuteAsync(statement.Replace("{db}", database.Name, StringComparison.Ordinal), StatementTimeout, cancellationToken);
            }

            await database.InsertAsync(
                "schema_migrations",
                ["version", "description", "applied_at"],
                new Dictionary<string, string> { ["version"] = "UInt32", ["description"] = "String", ["applied_at"] = "DateTime" },
                [[migration.Version, migration.Description, DateTime.UtcNow]],
                cancellationToken);
            LogApplied(logger, migration.Version, migration.Description, database.Name);
            newlyApplied.Add(migration.Version);
        }

        return newlyApplied;
    }

    /// <summary>The versions recorded as applied, ascending.</summary>
    public async Task<IReadOnlyList<uint>> AppliedAsync(CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync($"SELECT DISTINCT version FROM {database.Table("schema_migrations")} ORDER BY version", [], cancellationToken);
        return [.. rows.Select(r => r.GetProperty("version").GetUInt32())];
    }

    /// <summary>Adds the column unless the table has it, from an earlier start or another silo migrating at the same time.</summary>
    private async Task AddColumnAsync(AddedColumn column, CancellationToken cancellationToken)
    {
        if (await HasColumnAsync(column, cancellationToken))
        {
            return;
        }

        try
        {
            await database.ExecuteAsync($"ALTER TABLE {database.Table(column.Table)} ADD COLUMN {column.Name} {column.Type}", StatementTimeout, cancellationToken);
        }
        catch (global::ClickHouse.Driver.ClickHouseServerException)
        {
            // Another silo may have added it since the check; only a column still missing is a failure.
            if (!await HasColumnAsync(column, cancellationToken))
            {
                throw;
            }
        }
    }

    private async Task<bool> HasColumnAsync(AddedColumn column, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync(
            "SELECT count() AS n FROM system.columns WHERE database = {database:String} AND table = {table:String} AND name = {column:String}",
            [QueryParameter.Text("database", database.Name), QueryParameter.Text("table", column.Table), QueryParameter.Text("column", column.Name)],
            cancellationToken);
        return Writing.SpanTable.Int(rows[0], "n") > 0;
    }

    [LoggerMessage(1, LogLevel.Information, "ClickHouse schema migration {Version} ({Description}) applied to database {Database}")]
    private static partial void LogApplied(ILogger logger, uint version, string description, string database);
}
