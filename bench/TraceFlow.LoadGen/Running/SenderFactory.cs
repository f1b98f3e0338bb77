using System.Net;
using Grpc.Net.Client;
using TraceFlow.LoadGen.Cli;
using TraceFlow.LoadGen.Encoding;
using TraceFlow.LoadGen.Sending;

namespace TraceFlow.LoadGen.Running;

/// <summary>The shared transport of a run (one HTTP client or gRPC channel), a sender per worker and the protocol's encoder.</summary>
internal sealed class SenderFactory : IDisposable
{
    private readonly LoadGenOptions options;
    private readonly HttpClient? http;
    private readonly GrpcChannel? channel;

    public SenderFactory(LoadGenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
            EnableMultipleHttp2Connections = true,
        };
        if (options.Protocol == Protocol.OtlpGrpc)
        {
            channel = GrpcChannel.ForAddress(options.EffectiveGrpcTarget, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        }
        else
        {
            http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        }
    }

    public ISpanSender Create() => options.Protocol switch
    {
        Protocol.Json => new JsonSpanSender(http!, options.Target),
        Protocol.OtlpHttp => new OtlpHttpSpanSender(http!, options.EffectiveOtlpHttpTarget),
        _ => new OtlpGrpcSpanSender((GrpcChannel)channel!),
    };

    /// <summary>The body encoder of the protocol: OTLP/HTTP and OTLP/gRPC carry the same message.</summary>
    public IBodyEncoder CreateEncoder() => options.Protocol == Protocol.Json ? new JsonBodyEncoder() : new OtlpBodyEncoder();

    public void Dispose()
    {
        http?.Dispose();
        channel?.Dispose();
    }
}
