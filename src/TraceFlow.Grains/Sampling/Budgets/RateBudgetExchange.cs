using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Sampling.Budgets;

/// <summary>
/// Every <see cref="RateBudgetRegistry.Period"/>, reports each live budget's demand to its grain
/// and applies the share that comes back, off the decision path. A failed exchange is counted
/// and logged; the silo keeps its share (falling back to the equal split once the lease is out).
/// </summary>
internal sealed partial class RateBudgetExchange(
    RateBudgetRegistry budgets,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    TimeProvider time,
    ILogger<RateBudgetExchange> logger) : BackgroundService
{
    private readonly string siloId = silo.SiloAddress.ToParsableString();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RateBudgetRegistry.Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                budgets.RefreshSilos();
                await Task.WhenAll(budgets.Live().Select(ExchangeAsync));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the grain lets this silo's shares go after a lease.
        }
    }

    private async Task ExchangeAsync(RateBudget budget)
    {
        var report = budget.TakeReport(siloId);
        try
        {
            budget.Apply(await grains.GetGrain<IRateBudgetGrain>(budget.Key).ExchangeAsync(report));
            GrainsMetrics.RateExchanges.WithLabels("ok").Inc();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            GrainsMetrics.RateExchanges.WithLabels("failed").Inc();
            LogExchangeFailed(logger, budget.Name, budget.Share, ex);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not exchange the rate budget of policy {Policy}; keeping a share of {Share} spans/s")]
    private static partial void LogExchangeFailed(ILogger logger, string policy, long share, Exception exception);
}
