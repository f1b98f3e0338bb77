using Orleans.Runtime.Messaging;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Cluster;

/// <summary>
/// Retries a grain call that failed because the silo of its activation is gone (killed, or
/// unreachable), so the next attempt reaches a new activation on a surviving silo. Any other
/// failure is the caller's to handle. Each retry counts in
/// <c>traceflow_grain_call_retries_total{operation}</c>.
/// </summary>
public static class SiloLossRetry
{
    /// <summary>Waits of 0.2 s doubling, about 6 s in all: enough for membership with short probe timeouts to declare a killed silo dead; with Orleans' defaults (about 15 s) calls to grains placed on the dead silo can still fail until it does.</summary>
    private const int MaxAttempts = 6;
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// What a call to an activation on a dead silo fails with: the silo is unavailable (or the
    /// message to it was rejected), its endpoint refuses connections, or the response never came.
    /// </summary>
    public static bool IsSiloLoss(Exception exception) =>
        exception is OrleansMessageRejectionException or ConnectionFailedException or TimeoutException;

    public static Task RunAsync(Func<Task> call, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync(
            async () =>
            {
                await call();
                return true;
            },
            operation,
            cancellationToken);
    }

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsSiloLoss(ex) && !cancellationToken.IsCancellationRequested)
            {
                GrainsMetrics.GrainCallRetries.WithLabels(operation).Inc();

                // Real time on purpose: what is awaited is Orleans membership noticing the dead
                // silo, and membership runs on the system clock (in tests with fake clocks too).
                await Task.Delay(delay, TimeProvider.System, cancellationToken);
                delay *= 2;
            }
        }
    }
}
