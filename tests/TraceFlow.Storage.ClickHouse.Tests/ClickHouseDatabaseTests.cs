using TraceFlow.Grains.Storage;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

namespace TraceFlow.Storage.ClickHouse.Tests;

/// <summary>How reads fail: retryably when the server is away or the query runs out of time, plainly when the query is wrong.</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseDatabaseTests(ClickHouseServer server)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AQueryPastTheQueryTimeout_FailsAsTheStoreBeingUnavailable()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server) with { QueryTimeout = TimeSpan.FromSeconds(1) });

        var failure = await Assert.ThrowsAsync<TraceStoreUnavailableException>(() => database.QueryAsync("SELECT count() AS n FROM system.numbers", [], Cancel));

        Assert.Contains("159", failure.Message, StringComparison.Ordinal); // TIMEOUT_EXCEEDED
    }

    [Fact]
    public async Task AnUnreachableServer_IsUnavailable()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server) with { Url = "http://127.0.0.1:1" });

        await Assert.ThrowsAsync<TraceStoreUnavailableException>(() => database.QueryAsync("SELECT 1 AS n", [], Cancel));
    }

    [Fact]
    public async Task AQueryTheServerRefuses_IsNotMistakenForAnOutage()
    {
        using var database = TestDatabase.Open(TestDatabase.Options(server));

        await Assert.ThrowsAsync<global::ClickHouse.Driver.ClickHouseServerException>(() => database.QueryAsync("SELECT no_such_column FROM system.one", [], Cancel));
    }
}
