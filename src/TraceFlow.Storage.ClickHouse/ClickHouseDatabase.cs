using System.Text.Json;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO;
using ClickHouse.Driver.Utility;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Storage;

namespace TraceFlow.Storage.ClickHouse;

/// <summary>
/// TraceFlow's way into one ClickHouse server, in the forms that work from 18.16 to current
/// releases: statements, RowBinary inserts with explicit column types and no compression, and
/// reads as <c>JSONEachRow</c> text (the driver's typed reader needs newer servers).
/// </summary>
public sealed class ClickHouseDatabase : IDisposable
{
    private readonly ClickHouseClient client;
    private readonly string connectionString;
    private readonly TimeSpan queryTimeout;
    private ServerVersion? version;

    public ClickHouseDatabase(IOptions<ClickHouseOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (!Uri.TryCreate(settings.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new OptionsValidationException(ClickHouseOptions.SectionName, typeof(ClickHouseOptions), [$"Url: '{settings.Url}' is not an http(s) URL of ClickHouse's HTTP interface"]);
        }

        Name = settings.Database;
        queryTimeout = settings.QueryTimeout;
        var builder = new ClickHouseConnectionStringBuilder
        {
            ["Host"] = url.Host,
            ["Port"] = url.Port,
            ["Protocol"] = url.Scheme,
            ["Username"] = settings.User,
            ["Password"] = settings.Password,
            ["Database"] = "default",
            ["Compression"] = false,
            ["JsonReadMode"] = "None",
            ["JsonWriteMode"] = "None",
        };
        connectionString = builder.ConnectionString;
        client = new ClickHouseClient(connectionString);
    }

    /// <summary>The database TraceFlow's tables live in.</summary>
    public string Name { get; }

    /// <summary>A table's name qualified with the database, for SQL.</summary>
    public string Table(string table) => $"{Name}.{table}";

    public async Task<ServerVersion> GetVersionAsync(CancellationToken cancellationToken)
    {
        if (version is { } known)
        {
            return known;
        }

        var rows = await QueryAsync("SELECT version() AS version", [], cancellationToken);
        version = ServerVersion.Parse(rows[0].GetProperty("version").GetString() ?? "");
        return version.Value;
    }

    /// <summary>Runs a statement that returns nothing (DDL, ALTER … DROP PARTITION) within the query timeout.</summary>
    public Task ExecuteAsync(string sql, CancellationToken cancellationToken) => ExecuteAsync(sql, queryTimeout, cancellationToken);

    /// <summary>Runs a statement that returns nothing, for at most <paramref name="timeout"/>.</summary>
    public Task ExecuteAsync(string sql, TimeSpan timeout, CancellationToken cancellationToken) => RunAsync(sql, [], timeout, cancellationToken);

    /// <summary>
    /// Runs a query with <c>{name:Type}</c> placeholders and returns its rows as JSON objects;
    /// <see cref="TraceStoreUnavailableException"/> when a later attempt might succeed.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> QueryAsync(string sql, IReadOnlyList<QueryParameter> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        string text;
        try
        {
            text = await RunAsync(sql + " FORMAT JSONEachRow", parameters, queryTimeout, cancellationToken);
        }
        catch (Exception ex) when (ClickHouseFailures.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw new TraceStoreUnavailableException($"ClickHouse did not answer the query: {ex.Message}", ex);
        }

        var rows = new List<JsonElement>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var row = JsonDocument.Parse(line);
            rows.Add(row.RootElement.Clone());
        }

        return rows;
    }

    /// <summary>
    /// Inserts rows in RowBinary as one insert (one block, so a retry repeats it whole), with
    /// the column types given (the server is never asked).
    /// </summary>
    public Task<long> InsertAsync(string table, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> columnTypes, IReadOnlyCollection<object[]> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count == 0
            ? Task.FromResult(0L)
            : client.InsertBinaryAsync(
                Table(table),
                columns,
                rows,
                new InsertOptions { ColumnTypes = columnTypes, Compressor = null, BatchSize = rows.Count, MaxDegreeOfParallelism = 1 },
                cancellationToken);
    }

    public void Dispose() => client.Dispose();

    private async Task<string> RunAsync(string sql, IReadOnlyList<QueryParameter> parameters, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The version query itself has no parameters, so asking for the version here cannot recurse.
        var serverTakesParameters = parameters.Count > 0 && (await GetVersionAsync(cancellationToken)).SupportsQueryParameters;
        using var connection = new ClickHouseConnection(connectionString);
        var command = connection.CreateCommand(serverTakesParameters || parameters.Count == 0 ? sql : LiteralParameters.Render(sql, parameters));
        command.CustomSettings["max_execution_time"] = (int)timeout.TotalSeconds;

        // The driver names RowBinaryWithNamesAndTypes as the default format, which 18.16 lacks and refuses for INSERT … SELECT.
        command.CustomSettings["default_format"] = "TabSeparated";
        if (serverTakesParameters)
        {
            foreach (var parameter in parameters)
            {
                command.AddParameter(parameter.Name, parameter.Value);
            }
        }

        using var result = await command.ExecuteRawResultAsync(cancellationToken);
        return await result.ReadAsStringAsync();
    }
}
