using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TraceFlow.Storage.ClickHouse.Schema;

namespace TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

/// <summary>A database of its own on the shared server, so test classes never see each other's rows.</summary>
public static class TestDatabase
{
    public static ClickHouseOptions Options(ClickHouseServer server) => new()
    {
        Url = server.Url,
        Database = $"test_{Guid.NewGuid():N}",
    };

    public static ClickHouseDatabase Open(ClickHouseOptions options) => new(Microsoft.Extensions.Options.Options.Create(options));

    /// <summary>A new database with the whole schema.</summary>
    public static async Task<ClickHouseDatabase> CreateAsync(ClickHouseServer server)
    {
        var database = Open(Options(server));
        await Migrator(database).MigrateAsync(Migrations.All, TestContext.Current.CancellationToken);
        return database;
    }

    public static SchemaMigrator Migrator(ClickHouseDatabase database) => new(database, NullLogger<SchemaMigrator>.Instance);
}
