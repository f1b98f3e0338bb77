using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Replay;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Cluster;

/// <summary>
/// Counts the undecided traces lost with a silo that dies: those holding spans no gateway's
/// <see cref="ReplayBuffer"/> can send again (see <see cref="UnreplayableTraces"/>); the rest are
/// replayed to the survivors. Every silo reports those live traces and spans to the <see cref="ILiveTraceLedgerGrain"/> each stats flush interval (and a final
/// zero once it has decided them all in a graceful stop). When membership declares a silo
/// dead, one survivor (the active silo with the lowest address, so the loss is counted once)
/// adds that silo's last report to <c>traceflow_traces_lost_total{reason="silo_failure"}</c>
/// and <c>traceflow_spans_lost_total</c>. The report is as of up to one interval before the
/// death: traces decided since are counted though they were not lost, and traces begun since
/// are lost without being counted.
/// </summary>
public sealed partial class SiloLossTracker(
    UnreplayableTraces unreplayable,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IOptions<StatsOptions> options,
    TimeProvider time,
    ILogger<SiloLossTracker> logger) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    public const string SiloFailure = "silo_failure";

    private readonly CancellationTokenSource running = new();
    private readonly HashSet<SiloAddress> deadSeen = [];
    private Task loops = Task.CompletedTask;

    /// <summary>Every silo's latest report, as the ledger last answered this silo.</summary>
    public ImmutableDictionary<SiloAddress, LiveTraceCount> LastReports { get; private set; } = ImmutableDictionary<SiloAddress, LiveTraceCount>.Empty;

    /// <summary>Dead silos this silo has dealt with: their loss counted, or left to the survivor that counts.</summary>
    public ImmutableHashSet<SiloAddress> SettledDeadSilos { get; private set; } = ImmutableHashSet<SiloAddress>.Empty;

    private ILiveTraceLedgerGrain Ledger => grains.GetGrain<ILiveTraceLedgerGrain>(0);

    /// <summary>
    /// Reports while the silo is active; the final report comes when the application services
    /// stop, after every trace grain of the silo has decided.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SiloLossTracker), ServiceLifecycleStage.Active, StartAsync, StopAsync);
        lifecycle.Subscribe(nameof(SiloLossTracker), ServiceLifecycleStage.ApplicationServices, _ => Task.CompletedTask, ReportFinalAsync);
    }

    public void Dispose() => running.Dispose();

    private Task StartAsync(CancellationToken cancellationToken)
    {
        loops = Task.WhenAll(
            Task.Run(() => ReportEveryIntervalAsync(running.Token), CancellationToken.None),
            Task.Run(() => WatchMembershipAsync(running.Token), CancellationToken.None));
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await running.CancelAsync();
        try
        {
            await loops;
        }
        catch (OperationCanceledException)
        {
            // The loops' way of ending.
        }
    }

    /// <summary>A silo being killed (a cancelled token), or the last one stopping, reports nothing more.</summary>
    private Task ReportFinalAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested || !membership.AnySiloActive() ? Task.CompletedTask : ReportAsync();

    private async Task ReportEveryIntervalAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            await ReportAsync();
        }
    }

    private async Task ReportAsync()
    {
        try
        {
            LastReports = await Ledger.ReportAsync(localSilo.SiloAddress, new LiveTraceCount(unreplayable.Traces, unreplayable.Spans));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogReportFailed(logger, ex);
        }
    }

    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        var first = true;
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
        {
            foreach (var (silo, member) in snapshot.Members)
            {
                // Silos already dead when this one started are not this silo's to count.
                if (member.Status == SiloStatus.Dead && deadSeen.Add(silo))
                {
                    if (!first && CountsLosses(snapshot))
                    {
                        await CountLossAsync(silo, cancellationToken);
                    }

                    SettledDeadSilos = SettledDeadSilos.Add(silo);
                }
            }

            first = false;
        }
    }

    /// <summary>Whether this silo is the one survivor that counts losses: the active one with the lowest address.</summary>
    private bool CountsLosses(ClusterMembershipSnapshot snapshot) =>
        localSilo.SiloAddress.Equals(snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)
            .DefaultIfEmpty(localSilo.SiloAddress)
            .Min());

    private async Task CountLossAsync(SiloAddress dead, CancellationToken cancellationToken)
    {
        LiveTraceCount? lost = null;
        try
        {
            lost = await SiloLossRetry.RunAsync(() => Ledger.TakeAsync(dead), "loss_ledger", cancellationToken);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogLedgerUnavailable(logger, dead, ex);
        }

        // A ledger that died with the silo comes back empty: the copy from the last report stands in.
        lost ??= LastReports.GetValueOrDefault(dead);
        if (lost is { Traces: > 0 })
        {
            GrainsMetrics.TracesLost.WithLabels(SiloFailure).Inc(lost.Traces);
            GrainsMetrics.SpansLost.WithLabels(SiloFailure).Inc(lost.Spans);
            LogLost(logger, dead, lost.Traces, lost.Spans);
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Could not report live traces to the ledger; the next interval retries")]
    private static partial void LogReportFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Silo {Silo} died holding about {TraceCount} undecided traces ({SpanCount} spans) at its last report; counted as lost")]
    private static partial void LogLost(ILogger logger, SiloAddress silo, long traceCount, long spanCount);

    [LoggerMessage(3, LogLevel.Warning, "The live-trace ledger did not answer for dead silo {Silo}; using this silo's last copy")]
    private static partial void LogLedgerUnavailable(ILogger logger, SiloAddress silo, Exception exception);
}
