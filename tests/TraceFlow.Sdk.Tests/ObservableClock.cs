using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace TraceFlow.Sdk.Tests;

/// <summary>
/// A fake clock that also tells which timers are armed, so a test advances time only once the code
/// under test is actually waiting, instead of racing it.
/// </summary>
internal sealed class ObservableClock : FakeTimeProvider
{
    private readonly ConcurrentDictionary<TrackedTimer, TimeSpan> armed = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var tracked = new TrackedTimer(this);
        tracked.Inner = base.CreateTimer(
            s =>
            {
                armed.TryRemove(tracked, out _);
                callback(s);
            },
            state,
            dueTime,
            period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            armed[tracked] = dueTime;
        }

        return tracked;
    }

    /// <summary>Waits until a timer with the given due time is armed.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime) => Poll.UntilAsync(() => armed.Values.Contains(dueTime));

    /// <summary>Waits until a timer whose due time matches is armed.</summary>
    public Task WaitForTimerAsync(Func<TimeSpan, bool> dueTime) => Poll.UntilAsync(() => armed.Values.Any(dueTime));

    private sealed class TrackedTimer(ObservableClock clock) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.armed[this] = dueTime;
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.armed.TryRemove(this, out _);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            clock.armed.TryRemove(this, out _);
            return Inner.DisposeAsync();
        }
    }
}
