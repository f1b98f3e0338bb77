using Microsoft.Extensions.Options;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Gateway.Shutdown;

/// <summary>
/// The collector's stop, around the host's: at the signal it refuses new work (ingest 503,
/// <c>/readyz</c> 503) and keeps its listeners open for <see cref="ShutdownOptions.UnreadyDelay"/>;
/// the host then closes them (requests in flight finish), the silo decides every live trace
/// as its grains deactivate, and the ClickHouse writer drains. Once everything has stopped it
/// logs one line saying what the stop did.
/// </summary>
internal sealed partial class GracefulShutdown(
    ShutdownState state,
    IHostApplicationLifetime lifetime,
    IOptions<ShutdownOptions> options,
    IServiceProvider services,
    TimeProvider time,
    ILogger<GracefulShutdown> logger) : IHostedLifecycleService
{
    private ClickHouseSink? sink;
    private PipelineTally atSignal;
    private long signalledAt;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // Resolved now, not at the signal: a service provider being disposed resolves nothing.
        sink = services.GetService<ClickHouseSink>();
        lifetime.ApplicationStopping.Register(BeginStopping);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Before any service stops (the listeners first): unready, refusing ingest, for the delay.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        BeginStopping();
        await Task.Delay(options.Value.UnreadyDelay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every service has stopped: the silo has decided its traces and the writer has drained.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        var done = PipelineTally.Read(sink).Since(atSignal);
        LogSummary(
            logger,
            (long)done.Decided,
            (long)done.Kept,
            done.Written,
            (long)done.Dropped,
            state.RefusedRequests,
            time.GetElapsedTime(signalledAt).TotalSeconds);
        return Task.CompletedTask;
    }

    private void BeginStopping()
    {
        if (state.BeginStopping())
        {
            signalledAt = time.GetTimestamp();
            atSignal = PipelineTally.Read(sink);
            LogStopping(logger, options.Value.UnreadyDelay.TotalSeconds, options.Value.Timeout.TotalSeconds);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "shutdown: stopping; refusing ingest (503, Retry-After) and unready for {UnreadySeconds:0.0} s, then deciding live traces and flushing storage within {TimeoutSeconds:0} s")]
    private static partial void LogStopping(ILogger logger, double unreadySeconds, double timeoutSeconds);

    [LoggerMessage(2, LogLevel.Information, "shutdown: decided {Decided} traces (kept {Kept}), flushed {Flushed} spans to ClickHouse, dropped {Dropped} spans, refused {Refused} requests, took {Seconds:0.0} s")]
    private static partial void LogSummary(ILogger logger, long decided, long kept, long flushed, long dropped, long refused, double seconds);
}
