using System.Text.Json;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Schema;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Reading;

/// <summary>
/// The query APIs answered from ClickHouse, with the in-memory reader's semantics, over every
/// trace ClickHouse still holds rather than the newest that fit in memory. Server-side caps:
/// at most <see cref="TraceQuery.MaxLimit"/> summaries, searches and autocompletion without
/// a start read <see cref="ClickHouseOptions.DefaultQueryWindow"/> back, and every query runs
/// for at most <see cref="ClickHouseOptions.QueryTimeout"/>.
/// </summary>
public sealed class ClickHouseTraceReader(ClickHouseDatabase database, IOptions<ClickHouseOptions> options, TimeProvider time) : ITraceReader
{
    /// <summary>Most entries of each list of the catalog, as in one in-memory store shard.</summary>
    public const int MaxCatalogEntries = 10_000;

    /// <summary>Most values one autocompletion lists.</summary>
    public const int MaxAttributeValues = 100_000;

    private readonly ClickHouseTraceQueries traces = new(database);
    private readonly TraceSearch search = new(database, time);
    private readonly TimeSpan defaultWindow = options.Value.DefaultQueryWindow;

    public async Task<IReadOnlyList<TraceSummary>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Min(query.Limit, TraceQuery.MaxLimit);
        var window = QueryWindow.Resolve(query.StartFromUnixNanos, query.StartToUnixNanos, defaultWindow, time);
        if (limit <= 0 || window.IsEmpty || query.MinDurationNanos > query.MaxDurationNanos)
        {
            return [];
        }

        return await search.FindAsync(query, window, limit, cancellationToken);
    }

    public Task<StoredTrace?> GetTraceAsync(TraceKey key, CancellationToken cancellationToken) => traces.GetTraceAsync(key, cancellationToken);

    public Task<IReadOnlyList<StoredTrace>> GetTracesAsync(string tenant, IReadOnlyCollection<string> traceIds, CancellationToken cancellationToken) =>
        traces.GetTracesAsync(tenant, traceIds, cancellationToken);

    public async Task<TraceCatalog> GetCatalogAsync(string tenant, CancellationToken cancellationToken)
    {
        var names = database.Table(RollupTables.SpanNames);
        var services = await NamesAsync($"SELECT DISTINCT service FROM {names} WHERE tenant = {{tenant:String}} ORDER BY service", tenant, cancellationToken);
        var operations = await NamesAsync($"SELECT DISTINCT service, operation, kind FROM {names} WHERE tenant = {{tenant:String}} ORDER BY service, operation, kind", tenant, cancellationToken);
        var remotes = await NamesAsync(
            $"SELECT DISTINCT service, remote_service FROM {names} WHERE tenant = {{tenant:String}} AND has_remote_service = 1 ORDER BY service, remote_service", tenant, cancellationToken);
        return TraceCatalog.Merge([new TraceCatalog
        {
            Services = [.. services.Select(r => SpanTable.Text(r, "service"))],
            Operations = [.. operations.Select(r => new OperationEntry(SpanTable.Text(r, "service"), SpanTable.Text(r, "operation"), (SpanKind)SpanTable.Int(r, "kind")))],
            RemoteServices = [.. remotes.Select(r => new RemoteServiceEntry(SpanTable.Text(r, "service"), SpanTable.Text(r, "remote_service")))],
        }]);
    }

    public async Task<IReadOnlyList<ServiceCall>> GetDependenciesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken)
    {
        var rows = await DependencyRowsAsync(tenant, fromUnixNanos, toUnixNanos, withLatency: false, cancellationToken);
        return [.. rows.Select(Call)];
    }

    /// <summary>Exact nearest-rank percentiles of the calls' durations; calls written before schema v7 have none and count only as calls.</summary>
    public async Task<IReadOnlyList<DependencyEdge>> GetDependencyEdgesAsync(string tenant, long fromUnixNanos, long toUnixNanos, CancellationToken cancellationToken)
    {
        var rows = await DependencyRowsAsync(tenant, fromUnixNanos, toUnixNanos, withLatency: true, cancellationToken);
        return [.. rows.Select(r => new DependencyEdge(Call(r), CallLatency(r)))];
    }

    public async Task<IReadOnlyList<string>> GetAttributeValuesAsync(string tenant, string key, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Min(limit, MaxAttributeValues);
        if (limit <= 0)
        {
            return [];
        }

        var parameters = new SqlParameters();
        var window = QueryWindow.Resolve(null, null, defaultWindow, time);
        var name = parameters.Text(key);
        var rows = await database.QueryAsync(
            $"""
            SELECT value
            FROM (
                SELECT
                    arrayJoin(arrayConcat(
                        arrayFilter((v, k) -> k = {name}, attribute_values, attribute_keys),
                        arrayFilter((v, k) -> k = {name}, resource_values, resource_keys))) AS value,
                    start_unix_nanos AS seen_at
                FROM {database.Table(SpanTable.Name)}
                WHERE tenant = {parameters.Text(tenant)} AND {window.RowsStarting(parameters)}
                    AND (has(attribute_keys, {name}) OR has(resource_keys, {name})))
            GROUP BY value
            ORDER BY max(seen_at) DESC, value
            {RowLimit.Clause(limit)}
            """,
            parameters.Values,
            cancellationToken);

        // Newest first decides which values make the cut; the list is shown sorted, as the in-memory reader does.
        return [.. rows.Select(r => SpanTable.Text(r, "value")).Take(limit).Order(StringComparer.Ordinal)];
    }

    /// <summary>The rows of <see cref="DependencySql"/> for the window, by parent then child.</summary>
    private async Task<IReadOnlyList<JsonElement>> DependencyRowsAsync(string tenant, long fromUnixNanos, long toUnixNanos, bool withLatency, CancellationToken cancellationToken)
    {
        if (fromUnixNanos > toUnixNanos)
        {
            return [];
        }

        var parameters = new SqlParameters();
        var sql = DependencySql.Build(database, tenant, new QueryWindow(fromUnixNanos, toUnixNanos), parameters, withLatency);
        var rows = await database.QueryAsync(sql, parameters.Values, cancellationToken);
        return [.. rows
            .OrderBy(r => SpanTable.Text(r, "parent"), StringComparer.Ordinal)
            .ThenBy(r => SpanTable.Text(r, "child"), StringComparer.Ordinal)];
    }

    private static ServiceCall Call(JsonElement row) =>
        new(SpanTable.Text(row, "parent"), SpanTable.Text(row, "child"), (int)SpanTable.Int(row, "calls"), (int)SpanTable.Int(row, "errors"));

    private static LatencySummary CallLatency(JsonElement row)
    {
        var timed = SpanTable.Int(row, "timed");
        if (timed == 0)
        {
            return LatencySummary.Empty;
        }

        var q = row.GetProperty("q");
        return new(
            timed,
            q[0].GetDouble(),
            q[1].GetDouble(),
            q[2].GetDouble(),
            row.GetProperty("lo").GetDouble(),
            row.GetProperty("hi").GetDouble(),
            row.GetProperty("mean").GetDouble());
    }

    private Task<IReadOnlyList<JsonElement>> NamesAsync(string sql, string tenant, CancellationToken cancellationToken) =>
        database.QueryAsync($"{sql} {RowLimit.Clause(MaxCatalogEntries)}", [QueryParameter.Text("tenant", tenant)], cancellationToken);
}
