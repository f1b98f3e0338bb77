using System.Diagnostics;

namespace TraceFlow.Cluster.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a timeout passes; never a fixed sleep.</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {describe()}");
            }

            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }
}
