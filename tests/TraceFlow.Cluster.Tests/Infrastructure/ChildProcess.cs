using System.Diagnostics;

namespace TraceFlow.Cluster.Tests.Infrastructure;

/// <summary>
/// A process the tests start, with its last output lines kept for failure messages; killed
/// (with its children) on dispose whatever happened.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 60;
    private readonly Process process;
    private readonly Queue<string> lines = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    public bool HasExited => process.HasExited;

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var child = new ChildProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start"));
        child.process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Tail()
    {
        lock (lines)
        {
            return $"--- {Name} (last {lines.Count} lines){Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, the way a crash or an OOM kill ends a silo.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Enqueue(line);
            if (lines.Count > KeptLines)
            {
                lines.Dequeue();
            }
        }
    }
}
