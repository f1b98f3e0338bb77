namespace TraceFlow.Grains.Traces;

/// <summary>
/// One timer per silo for every live trace's decision, instead of a grain timer each. A
/// grain timer costs about eight objects per trace that live for the whole decision wait;
/// at tens of thousands of live traces they were a large share of the garbage collector's
/// work. The wheel keeps one small entry per trace in a slot per tick and, when the slot
/// comes round, reminds the trace grain, which still checks and decides on its own scheduler.
/// </summary>
public sealed class DecisionWheel : IDisposable
{
    /// <summary>How finely decisions are timed.</summary>
    public static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(100);

    private const int SlotCount = 1024;

    private readonly TimeProvider time;
    private readonly DateTimeOffset origin;
    private readonly Lock gate = new();
    private readonly List<Entry>[] slots;
    private readonly ITimer timer;
    private long processedTick;
    private List<Entry> firing = [];

    public DecisionWheel(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        origin = time.GetUtcNow();
        slots = [.. Enumerable.Range(0, SlotCount).Select(_ => new List<Entry>())];
        timer = time.CreateTimer(_ => Advance(), null, Resolution, Resolution);
    }

    /// <summary>Traces waiting for their decision time.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return slots.Sum(s => s.Count);
            }
        }
    }

    /// <summary>Reminds <paramref name="target"/> once, no earlier than <paramref name="delay"/> from now.</summary>
    public void Schedule(IDecisionWheelTarget target, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(target);
        // Round up, so a reminder never comes early and the target never has to be rescheduled for a few ticks.
        var due = (long)Math.Ceiling((time.GetUtcNow() + delay - origin) / Resolution);
        lock (gate)
        {
            due = Math.Max(due, processedTick + 1);
            slots[due % SlotCount].Add(new Entry(target, due));
        }
    }

    public void Dispose() => timer.Dispose();

    /// <summary>Fires every entry due up to now; entries a full turn or more ahead stay in their slot.</summary>
    private void Advance()
    {
        var now = (long)Math.Floor((time.GetUtcNow() - origin) / Resolution);
        List<Entry> due;
        lock (gate)
        {
            due = firing;
            var first = processedTick + 1;
            var last = Math.Min(now, processedTick + SlotCount);
            for (var tick = first; tick <= last; tick++)
            {
                var slot = slots[tick % SlotCount];
                slot.RemoveAll(e =>
                {
                    if (e.Due > now)
                    {
                        return false;
                    }

                    due.Add(e);
                    return true;
                });
            }

            processedTick = Math.Max(processedTick, now);
            firing = [];
        }

        foreach (var entry in due)
        {
            entry.Target.OnDecisionDue();
        }
    }

    private readonly record struct Entry(IDecisionWheelTarget Target, long Due);
}
