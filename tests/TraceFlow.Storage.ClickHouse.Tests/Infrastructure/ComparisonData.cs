using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Reading;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

/// <summary>
/// <see cref="TraceDataSet"/> written through <see cref="ClickHouseSpanWriter"/> into a database
/// of its own (merges stopped) and into the in-memory reference, once for a test class. A second tenant holds
/// the same trace ids with other services, so any answer that leaks across tenants differs.
/// </summary>
public sealed class ComparisonData(ClickHouseServer server) : IAsyncLifetime
{
    public const string Tenant = TraceKey.DefaultTenant;
    public const string OtherTenant = "other";

    /// <summary>Traces of the default tenant, besides one with hostile names that starts after them.</summary>
    public const int TraceCount = 240;

    /// <summary>Writes per insert: the store's writer batches too, and ClickHouse wants few, larger parts.</summary>
    private const int WritesPerInsert = 40;

    private ClickHouseDatabase? database;

    public ClickHouseDatabase Database => database ?? throw new InvalidOperationException("not initialised");

    public InMemoryReference Reference { get; } = new();

    public FakeTimeProvider Time { get; } = new(TraceDataSet.Now);

    public ClickHouseTraceReader Reader => new(Database, Options.Create(new ClickHouseOptions { Url = server.Url }), Time);

    public ClickHouseStatsReader Stats => new(Database, Options.Create(new ClickHouseOptions { Url = server.Url }), Time);

    public IReadOnlyList<StoredTrace> Writes { get; } =
    [
        .. TraceDataSet.Writes(Tenant, TraceCount, seed: 1),
        TraceDataSet.HostileTrace(Tenant, TraceCount),
        .. TraceDataSet.Writes(OtherTenant, 60, seed: 1).Select(w => w with { Spans = [.. w.Spans.Select(s => s with { Service = "o-" + s.Service })] }),
    ];

    public async ValueTask InitializeAsync()
    {
        database = await TestDatabase.CreateAsync(server);

        // Rows written twice (RetriedWritesTests adds them) stay duplicated, as they may for ever in
        // production (merges fold them when ClickHouse gets round to it): the harder case, the same in every run.
        foreach (var table in new[] { "spans", "span_names" })
        {
            await Database.ExecuteAsync($"SYSTEM STOP MERGES {Database.Table(table)}", TestContext.Current.CancellationToken);
        }

        await WriteAsync(Writes);
    }

    /// <summary>
    /// Writes to ClickHouse (in order, a batch per insert) and to the reference. A batch holding
    /// a write made in an earlier batch (the data set's retried writes) goes as the sink sends a retry.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<StoredTrace> writes)
    {
        var writer = new ClickHouseSpanWriter(Database);
        var written = new HashSet<StoredTrace>(ReferenceEqualityComparer.Instance);
        foreach (var chunk in writes.Chunk(WritesPerInsert))
        {
            var retry = chunk.Any(written.Contains);
            await (retry ? writer.WriteAgainAsync(chunk, TestContext.Current.CancellationToken) : writer.WriteAsync(chunk, TestContext.Current.CancellationToken));
            written.UnionWith(chunk);
        }

        foreach (var write in writes)
        {
            Reference.Write(write);
        }
    }

    public ValueTask DisposeAsync()
    {
        database?.Dispose();
        return ValueTask.CompletedTask;
    }
}
