using System.Diagnostics;

namespace TraceFlow.Sdk.Tests;

/// <summary>Waits for a condition another thread makes true, failing after a timeout instead of hanging.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"condition not met within {limit.TotalSeconds} s");
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }
}
