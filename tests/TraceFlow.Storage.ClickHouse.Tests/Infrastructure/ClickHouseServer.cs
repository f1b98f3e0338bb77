using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

/// <summary>
/// A real ClickHouse server for the tests: Debian's <c>clickhouse-server</c> started on free
/// ports with a data directory of its own, and stopped (and restarted, for outage tests) at
/// will. <c>TRACEFLOW_TEST_CLICKHOUSE_URL</c> points the tests at a running server instead.
/// </summary>
public sealed class ClickHouseServer : IAsyncLifetime
{
    public const string UrlVariable = "TRACEFLOW_TEST_CLICKHOUSE_URL";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly string[] Binaries = ["/usr/bin/clickhouse-server", "/usr/sbin/clickhouse-server", "/usr/bin/clickhouse"];
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"traceflow-clickhouse-{Guid.NewGuid():N}");
    private readonly int httpPort = FreePort();
    private readonly int tcpPort = FreePort();
    private readonly int interserverPort = FreePort();
    private Process? process;
    private string? externalUrl;

    public string Url => externalUrl ?? $"http://127.0.0.1:{httpPort}";

    /// <summary>Whether this fixture runs the server (and so can stop and restart it).</summary>
    public bool Owned => externalUrl is null;

    public async ValueTask InitializeAsync()
    {
        externalUrl = Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : null;
        if (Owned)
        {
            await StartAsync();
        }
    }

    public async Task StartAsync()
    {
        var binary = Binaries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("clickhouse-server is not installed: scripts/test.sh installs it (apt-get install clickhouse-server), or set " + UrlVariable);
        Directory.CreateDirectory(directory);
        var server = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        if (binary.EndsWith("/clickhouse", StringComparison.Ordinal))
        {
            server.ArgumentList.Add("server");
        }

        foreach (var argument in new[]
        {
            "--config-file=/etc/clickhouse-server/config.xml", "--",
            $"--path={directory}/data/", $"--tmp_path={directory}/tmp/", $"--user_files_path={directory}/user_files/",
            $"--format_schema_path={directory}/format_schemas/", "--listen_host=127.0.0.1",
            $"--http_port={httpPort}", $"--tcp_port={tcpPort}", $"--interserver_http_port={interserverPort}",
            $"--logger.log={directory}/server.log", $"--logger.errorlog={directory}/error.log",
        })
        {
            server.ArgumentList.Add(argument);
        }

        process = Process.Start(server) ?? throw new InvalidOperationException("clickhouse-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilAsync(answers: true);
    }

    /// <summary>Stops the server abruptly, as a crash or a network cut would look to TraceFlow.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
        await WaitUntilAsync(answers: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Owned)
        {
            await StopAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A server file still being closed: the temporary directory is left for the OS to clean.
            }
        }
    }

    private async Task WaitUntilAsync(bool answers)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            bool up;
            try
            {
                up = (await http.GetStringAsync($"{Url}/ping")).StartsWith("Ok", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                up = false;
            }
            catch (TaskCanceledException)
            {
                up = false;
            }

            if (up == answers)
            {
                return;
            }

            if (answers && process is { HasExited: true })
            {
                throw new InvalidOperationException($"clickhouse-server exited with {process.ExitCode}; see {directory}/error.log");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"clickhouse-server at {Url} did not {(answers ? "start" : "stop")} within {StartTimeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class ClickHouseCollection : ICollectionFixture<ClickHouseServer>
{
    public const string Name = "ClickHouse server";
}
