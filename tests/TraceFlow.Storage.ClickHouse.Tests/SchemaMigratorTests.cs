using TraceFlow.Storage.ClickHouse.Schema;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

namespace TraceFlow.Storage.ClickHouse.Tests;

[Collection(ClickHouseCollection.Name)]
public sealed class SchemaMigratorTests(ClickHouseServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Migrating_Twice_AppliesEachStepOnce()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server));
        var migrator = TestDatabase.Migrator(database);

        var first = await migrator.MigrateAsync(Migrations.All, Cancel);
        var second = await migrator.MigrateAsync(Migrations.All, Cancel);

        Assert.Equal(Migrations.All.Select(m => m.Version), first);
        Assert.Empty(second);
        Assert.Equal(Migrations.All.Select(m => m.Version), await migrator.AppliedAsync(Cancel));
        Assert.Equal(["schema_migrations", "span_names", "span_names_writer", "spans", "trace_index"], await TablesAsync(database));
    }

    [Fact]
    public async Task ADatabaseAtAnOlderVersion_GetsOnlyTheStepsItLacks()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server));
        var migrator = TestDatabase.Migrator(database);
        await migrator.MigrateAsync([Migrations.Spans], Cancel);
        Assert.Equal(["schema_migrations", "spans"], await TablesAsync(database));

        var applied = await migrator.MigrateAsync(Migrations.All, Cancel);

        Assert.Equal([Migrations.TraceIndex.Version, Migrations.SpanNames.Version], applied);
        Assert.Equal(["schema_migrations", "span_names", "span_names_writer", "spans", "trace_index"], await TablesAsync(database));
    }

    [Fact]
    public async Task TwoSilosMigratingAtOnce_LeaveOneSchema()
    {
        var options = TestDatabase.Options(server);
        using var one = TestDatabase.Open(options);
        using var two = TestDatabase.Open(options);

        await Task.WhenAll(TestDatabase.Migrator(one).MigrateAsync(Migrations.All, Cancel), TestDatabase.Migrator(two).MigrateAsync(Migrations.All, Cancel));

        Assert.Equal(Migrations.All.Select(m => m.Version), await TestDatabase.Migrator(one).AppliedAsync(Cancel));
        Assert.Empty(await TestDatabase.Migrator(two).MigrateAsync(Migrations.All, Cancel));
    }

    private static async Task<IReadOnlyList<string>> TablesAsync(ClickHouseDatabase database)
    {
        var rows = await database.QueryAsync(
            "SELECT name FROM system.tables WHERE database = {database:String} ORDER BY name", [QueryParameter.Text("database", database.Name)], Cancel);
        return [.. rows.Select(r => r.GetProperty("name").GetString()!)];
    }
}
