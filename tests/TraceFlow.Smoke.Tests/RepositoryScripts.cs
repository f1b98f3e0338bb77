using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace TraceFlow.Smoke.Tests;

/// <summary>Runs the repository's bash scripts with an isolated run directory and free ports.</summary>
public sealed class RepositoryScripts : IDisposable
{
    public RepositoryScripts()
    {
        Root = FindRoot();
        RunDirectory = Directory.CreateTempSubdirectory("traceflow-smoke-").FullName;
        Port = FreePort();
        Environment = new Dictionary<string, string>
        {
            ["TRACEFLOW_RUN_DIR"] = RunDirectory,
            ["TRACEFLOW_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TraceFlow__Cluster__ClusterId"] = $"smoke-{Guid.NewGuid():N}",
            ["TraceFlow__Cluster__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TraceFlow__Cluster__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),

            // Smoke tests run in parallel: each collector gets OTLP ports of its own.
            ["TRACEFLOW_OTLP_GRPC_PORT"] = OtlpGrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["TRACEFLOW_OTLP_HTTP_PORT"] = OtlpHttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public string Root { get; }

    public string RunDirectory { get; }

    public int Port { get; }

    public int OtlpGrpcPort { get; } = FreePort();

    public int OtlpHttpPort { get; } = FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public Dictionary<string, string> Environment { get; }

    /// <summary>GETs <paramref name="path"/> until it answers 200 with a body <paramref name="done"/> accepts, for up to 30 s.</summary>
    public static async Task<JsonElement> PollAsync(HttpClient http, string path, CancellationToken cancel, Func<JsonElement, bool>? done = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await http.GetAsync(path, cancel);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancel)).RootElement.Clone();
                if (done is null || done(body))
                {
                    return body;
                }
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{path} did not answer as expected within 30 s (last status {response.StatusCode})");
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancel);
        }
    }

    public async Task<(int ExitCode, string Output)> RunAsync(string script, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(Root, "scripts", script), .. arguments])
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(3), cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        // A failed test must not leave the collector or the demo services running.
        foreach (var pidFile in Directory.EnumerateFiles(RunDirectory, "*.pid"))
        {
            if (!int.TryParse(File.ReadAllText(pidFile), out var pid))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        Directory.Delete(RunDirectory, recursive: true);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraceFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TraceFlow.sln not found above " + AppContext.BaseDirectory);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
