using System.Net.Sockets;
using System.Text;

namespace TraceFlow.Cluster.Tests.Infrastructure;

/// <summary>
/// Debian's <c>redis-server</c> on a free loopback port, persisting nothing, with a temporary
/// working directory: the membership table of one test's cluster.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Binaries = ["/usr/bin/redis-server", "/usr/sbin/redis-server", "/usr/local/bin/redis-server"];
    private readonly string directory = Directory.CreateTempSubdirectory("traceflow-redis-").FullName;
    private ChildProcess? process;

    public int Port { get; } = FreePort.Next();

    /// <summary>As <c>TraceFlow:Cluster:RedisConnectionString</c> takes it.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        var binary = Binaries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not installed: scripts/test.sh installs it (apt-get install redis-server)");
        process = ChildProcess.Start(
            "redis-server",
            binary,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory],
            new Dictionary<string, string>(),
            directory);
        await Poll.UntilAsync(PingAsync, StartTimeout, () => $"redis-server on port {Port}{Environment.NewLine}{process.Tail()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
