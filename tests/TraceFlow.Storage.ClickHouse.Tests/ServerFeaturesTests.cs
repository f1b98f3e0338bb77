using Microsoft.Extensions.Logging.Abstractions;
using TraceFlow.Storage.ClickHouse.Retention;
using TraceFlow.Storage.ClickHouse.Schema;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

namespace TraceFlow.Storage.ClickHouse.Tests;

/// <summary>Newer servers' features by version; the server here (18.16) gets none and keeps working.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ServerFeaturesTests(ClickHouseServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(18, 16)]
    [InlineData(19, 11)]
    [InlineData(21, 3)]
    public void ServersBefore21_8_GetNothing(int major, int minor) =>
        Assert.Empty(ServerFeatures.StatementsFor(new ServerVersion(major, minor), 7, []));

    [Theory]
    [InlineData(21, 8)]
    [InlineData(25, 10)]
    public void NewerServers_GetATtlOfTheRetentionOnEveryDayPartitionedTable_AndAttributeBloomFilters(int major, int minor)
    {
        var statements = ServerFeatures.StatementsFor(new ServerVersion(major, minor), 7, []);

        Assert.Equal(
            [
                .. PartitionRetention.Tables.Select(t => $"ALTER TABLE {{db}}.{t} MODIFY TTL date + toIntervalDay(7)"),
                "ALTER TABLE {db}.spans ADD INDEX IF NOT EXISTS attribute_keys_bloom attribute_keys TYPE bloom_filter(0.01) GRANULARITY 1",
                "ALTER TABLE {db}.spans ADD INDEX IF NOT EXISTS attribute_values_bloom attribute_values TYPE bloom_filter(0.01) GRANULARITY 1",
            ],
            statements);
    }

    [Fact]
    public void RetentionTurnedOff_RemovesOnlyTtlsThatAreSet()
    {
        var statements = ServerFeatures.StatementsFor(new ServerVersion(24, 8), 0, ["spans", "traces"]);

        Assert.Equal(["ALTER TABLE {db}.spans REMOVE TTL", "ALTER TABLE {db}.traces REMOVE TTL"], statements.Where(s => s.Contains("TTL", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task OnThisServer_NothingIsApplied_AndTheTablesHaveNoTtl()
    {
        using var database = await TestDatabase.CreateAsync(server);
        var version = await database.GetVersionAsync(Cancel);
        Assert.True(version <= new ServerVersion(21, 7), $"the test server is {version}; this test is about older servers");

        var applied = await new ServerFeatures(database, NullLogger<ServerFeatures>.Instance).ApplyAsync(7, Cancel);

        Assert.Empty(applied);
        var ttl = await database.QueryAsync(
            "SELECT count() AS n FROM system.tables WHERE database = {database:String} AND position(engine_full, ' TTL ') > 0",
            [QueryParameter.Text("database", database.Name)],
            Cancel);
        Assert.Equal(0, Writing.SpanTable.Int(ttl[0], "n"));
    }
}
