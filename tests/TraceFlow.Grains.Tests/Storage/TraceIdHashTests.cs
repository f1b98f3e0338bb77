using TraceFlow.Grains.Storage;

namespace TraceFlow.Grains.Tests.Storage;

public sealed class TraceIdHashTests
{
    /// <summary>
    /// Regression vectors: these values must never change, or silos running different
    /// releases would disagree about which traces the probabilistic rule keeps. Checked
    /// against an independent FNV-1a implementation and a value fixed at first release.
    /// </summary>
    private const double FixedAtFirstRelease = 0.8382046319688811;

    [Fact]
    public void TraceIdHash_IsStableAcrossProcessesAndReleases()
    {
        Assert.Equal(Fnv1aUnit("trace-1"), TraceIdHash.UnitInterval("trace-1", ""));
        Assert.Equal(FixedAtFirstRelease, TraceIdHash.UnitInterval("trace-1", ""), 15);
        Assert.Equal(Fnv1aUnit("s4bf92f3577b34da6a3ce929d0e0e4736"), TraceIdHash.UnitInterval("4bf92f3577b34da6a3ce929d0e0e4736", "s"));
    }

    [Fact]
    public void TraceIdHash_SaltChangesTheValue()
    {
        Assert.NotEqual(TraceIdHash.UnitInterval("trace-1", "a"), TraceIdHash.UnitInterval("trace-1", "b"));
    }

    [Fact]
    public void TraceIdHash_LongIds_HashLikeShortOnes()
    {
        var id = new string('a', 1_000);
        var value = TraceIdHash.UnitInterval(id, "");
        Assert.Equal(Fnv1aUnit(id), value);
        Assert.InRange(value, 0.0, 1.0);
    }

    /// <summary>An independent, byte-by-byte FNV-1a 64 reference implementation.</summary>
    private static double Fnv1aUnit(string text)
    {
        var hash = 0xcbf29ce484222325UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 0x100000001b3UL;
        }

        return (hash >> 11) / (double)(1UL << 53);
    }
}
