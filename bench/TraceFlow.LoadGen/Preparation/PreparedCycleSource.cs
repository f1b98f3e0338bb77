namespace TraceFlow.LoadGen.Preparation;

/// <summary>
/// The cycle all workers send, rebuilt once it is older than <see cref="RefreshInterval"/>: span
/// times stay within about a second of now, and generating costs the same whatever the rate.
/// Thread-safe: one caller rebuilds while the others go on with the cycle at hand.
/// </summary>
internal sealed class PreparedCycleSource(PreparedCycleBuilder builder, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private PreparedCycle? current;

    public PreparedCycle Current()
    {
        var cycle = Volatile.Read(ref current);
        if (cycle is null)
        {
            lock (gate)
            {
                return current ??= builder.Build();
            }
        }

        if (time.GetElapsedTime(cycle.CreatedAt) < RefreshInterval || !gate.TryEnter())
        {
            return cycle;
        }

        try
        {
            if (ReferenceEquals(current, cycle))
            {
                Volatile.Write(ref current, builder.Build());
            }

            return current!;
        }
        finally
        {
            gate.Exit();
        }
    }
}
