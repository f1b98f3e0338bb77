using Microsoft.Extensions.Time.Testing;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class DecisionWheelTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Schedule_RemindsOnceTheDelayHasPassed_NeverEarlier()
    {
        using var wheel = new DecisionWheel(clock);
        var target = new RecordingTarget(clock);
        wheel.Schedule(target, TimeSpan.FromMilliseconds(450));

        Step(TimeSpan.FromMilliseconds(400));
        Assert.Empty(target.RemindedAt);

        Step(TimeSpan.FromMilliseconds(200));
        var reminded = Assert.Single(target.RemindedAt);
        Assert.InRange(reminded - clock.Start, TimeSpan.FromMilliseconds(450), TimeSpan.FromMilliseconds(450) + DecisionWheel.Resolution);
        Assert.Equal(0, wheel.Count);

        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(target.RemindedAt);
    }

    [Fact]
    public void Schedule_BeyondAFullTurnOfTheWheel_WaitsForItsOwnTime()
    {
        using var wheel = new DecisionWheel(clock);
        var soon = new RecordingTarget(clock);
        var late = new RecordingTarget(clock);
        wheel.Schedule(soon, TimeSpan.FromSeconds(1));
        wheel.Schedule(late, TimeSpan.FromSeconds(1) + (DecisionWheel.Resolution * 1024)); // same slot, one turn later

        for (var i = 0; i < 20; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Single(soon.RemindedAt);
        Assert.Empty(late.RemindedAt);
        Assert.Equal(1, wheel.Count);

        clock.Advance(DecisionWheel.Resolution * 1024);
        Assert.Single(late.RemindedAt);
    }

    [Fact]
    public void Advance_AfterTheClockJumpsAhead_RemindsEverythingDue()
    {
        using var wheel = new DecisionWheel(clock);
        var targets = Enumerable.Range(1, 50).Select(_ => new RecordingTarget(clock)).ToList();
        for (var i = 0; i < targets.Count; i++)
        {
            wheel.Schedule(targets[i], TimeSpan.FromSeconds(i));
        }

        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.All(targets, t => Assert.Single(t.RemindedAt));
        Assert.Equal(0, wheel.Count);
    }

    /// <summary>Advances the clock a tick at a time, as real time passes.</summary>
    private void Step(TimeSpan by)
    {
        for (var passed = TimeSpan.Zero; passed < by; passed += DecisionWheel.Resolution / 2)
        {
            clock.Advance(DecisionWheel.Resolution / 2);
        }
    }

    private sealed class RecordingTarget(TimeProvider time) : IDecisionWheelTarget
    {
        public List<DateTimeOffset> RemindedAt { get; } = [];

        public void OnDecisionDue() => RemindedAt.Add(time.GetUtcNow());
    }
}
