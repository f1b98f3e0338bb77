using TraceFlow.Grains.Sampling.Policies;
using TraceFlow.Grains.Storage;

namespace TraceFlow.Grains.Tests.Storage;

public sealed class TraceShardsTests
{
    [Fact]
    public void ShardOf_TracesKeptByTheProbabilisticPolicy_SpreadOverEveryShard()
    {
        const int Shards = 16;
        var random = new Random(42);
        var sampledIn = Enumerable.Range(0, 200_000)
            .Select(_ => random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture))
            .Where(new ProbabilisticPolicy("probabilistic", 10, "").Samples) // the default policy and salt
            .ToList();

        var perShard = sampledIn.GroupBy(id => TraceShards.ShardOf(id, Shards)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(Shards, perShard.Count);
        var expected = sampledIn.Count / (double)Shards;
        Assert.All(perShard.Values, n => Assert.InRange(n, expected * 0.85, expected * 1.15));
    }
}
