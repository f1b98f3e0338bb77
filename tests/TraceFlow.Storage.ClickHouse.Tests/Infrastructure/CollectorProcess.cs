using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

/// <summary>
/// The one-process collector as users run it: <c>dotnet TraceFlow.Gateway.dll</c> from its build
/// folder, in the local profile on free ports, with every line it writes kept. Signals go to it
/// as from a process manager; dispose kills it if it is still running.
/// </summary>
public sealed class CollectorProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process process;
    private readonly List<string> output = [];

    private CollectorProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ExitCode => process.ExitCode;

    /// <summary>Everything the process has written so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join(Environment.NewLine, output);
            }
        }
    }

    /// <summary>Starts the collector with <paramref name="settings"/> (environment variables) and waits until <c>/readyz</c> answers 200.</summary>
    public static async Task<CollectorProcess> StartAsync(IReadOnlyDictionary<string, string> settings, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet", ["TraceFlow.Gateway.dll", "--urls", address.ToString().TrimEnd('/')])
        {
            WorkingDirectory = GatewayFolder(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Local";
        start.Environment["TraceFlow__Cluster__ClusterId"] = $"collector-process-{Guid.NewGuid():N}";
        start.Environment["TraceFlow__Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["TraceFlow__Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["TraceFlow__Otlp__GrpcPort"] = "0";
        start.Environment["TraceFlow__Otlp__HttpPort"] = "0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var collector = new CollectorProcess(Process.Start(start) ?? throw new InvalidOperationException("the collector did not start"), address);
        collector.process.OutputDataReceived += (_, e) => collector.Keep(e.Data);
        collector.process.ErrorDataReceived += (_, e) => collector.Keep(e.Data);
        collector.process.BeginOutputReadLine();
        collector.process.BeginErrorReadLine();
        await collector.WaitReadyAsync(http);
        return collector;
    }

    /// <summary>SIGTERM, as <c>scripts/stop.sh</c>, systemd or Kubernetes send it.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id} failed with {kill.ExitCode}");
        }
    }

    /// <summary>Whether the process exited within <paramref name="timeout"/>.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(timeout, TestContext.Current.CancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task WaitReadyAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the collector exited with {process.ExitCode} during start-up:{Environment.NewLine}{Output}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri(Address, "/readyz"), TestContext.Current.CancellationToken);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"the collector was not ready within {StartTimeout}:{Environment.NewLine}{Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TestContext.Current.CancellationToken);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    /// <summary>The gateway's own build folder (built with this project, in the same configuration), where its runtime files are.</summary>
    private static string GatewayFolder()
    {
        var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testFolder.Name, testFolder.Parent!.Name);
        for (var dir = testFolder; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraceFlow.sln")))
            {
                return Path.Combine(dir.FullName, "src", "TraceFlow.Gateway", "bin", configuration, framework);
            }
        }

        throw new InvalidOperationException("TraceFlow.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
