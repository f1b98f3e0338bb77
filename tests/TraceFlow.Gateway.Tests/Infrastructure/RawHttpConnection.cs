using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>
/// A plain TCP connection to the Kestrel gateway, for requests no HttpClient would send: headers
/// at a trickle, paths with raw <c>..</c> segments, bodies that stop arriving.
/// </summary>
public sealed class RawHttpConnection : IDisposable
{
    private readonly TcpClient tcp = new();
    private NetworkStream? stream;

    public static async Task<RawHttpConnection> OpenAsync(Uri server)
    {
        var connection = new RawHttpConnection();
        await connection.tcp.ConnectAsync(server.Host, server.Port, GatewayClient.Cancel);
        connection.stream = connection.tcp.GetStream();
        return connection;
    }

    private NetworkStream Stream => stream ?? throw new InvalidOperationException("not connected");

    public async Task SendAsync(string text) =>
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(text), GatewayClient.Cancel);

    /// <summary>
    /// Sends <paramref name="text"/> one byte every <paramref name="pace"/> (a slow client's
    /// pace, not a wait for the server) until it is all sent or the server closes the connection;
    /// returns how many bytes went out.
    /// </summary>
    public async Task<int> TrickleAsync(string text, TimeSpan pace)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        for (var i = 0; i < bytes.Length; i++)
        {
            try
            {
                await Stream.WriteAsync(bytes.AsMemory(i, 1), GatewayClient.Cancel);
            }
            catch (IOException)
            {
                return i;
            }

            if (!tcp.Client.Poll(pace, SelectMode.SelectRead))
            {
                continue;
            }

            // Readable while we are still sending: the server answered (408) or closed.
            return i + 1;
        }

        return bytes.Length;
    }

    /// <summary>Everything the server sends until it closes the connection, or throws after <paramref name="timeout"/>.</summary>
    public async Task<string> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(GatewayClient.Cancel);
        cancel.CancelAfter(timeout);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await Stream.ReadAsync(buffer, cancel.Token);
                }
                catch (IOException)
                {
                    // A reset is a close too.
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException) when (!GatewayClient.Cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"the server kept the connection open for {clock.Elapsed}; received so far: {Encoding.ASCII.GetString(received.ToArray())}");
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    /// <summary>Reads one response whose end the server marks by closing (the request sends <c>Connection: close</c>).</summary>
    public async Task<string> RequestAsync(string requestLineAndHeaders)
    {
        await SendAsync(requestLineAndHeaders + "Connection: close\r\n\r\n");
        return await ReadUntilClosedAsync(TimeSpan.FromSeconds(20));
    }

    public void Dispose()
    {
        stream?.Dispose();
        tcp.Dispose();
    }
}
