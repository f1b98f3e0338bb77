using System.Text;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class Utf8StringCacheTests
{
    [Fact]
    public void GetString_OfRepeatedShortBytes_ReturnsTheSameInstance()
    {
        var cache = new Utf8StringCache();

        var first = cache.GetString("checkout-service"u8);
        var second = cache.GetString("checkout-service"u8);

        Assert.Equal("checkout-service", first);
        Assert.Same(first, second);
    }

    [Fact]
    public void GetString_BeyondTheCachedLength_IsCorrectButNotShared()
    {
        var cache = new Utf8StringCache();
        var text = new string('x', Utf8StringCache.MaxCachedBytes + 1);
        var bytes = Encoding.UTF8.GetBytes(text);

        var first = cache.GetString(bytes);
        var second = cache.GetString(bytes);

        Assert.Equal(text, first);
        Assert.NotSame(first, second);
        Assert.Same(cache.GetString(bytes.AsSpan(0, Utf8StringCache.MaxCachedBytes)), cache.GetString(bytes.AsSpan(0, Utf8StringCache.MaxCachedBytes)));
    }

    [Fact]
    public void GetString_NeverConfusesDifferentBytes_EvenWhenThousandsShareSlots()
    {
        var cache = new Utf8StringCache();
        var names = Enumerable.Range(0, 50_000).Select(i => $"op-{i}-é").ToList();

        foreach (var name in names.Concat(names))
        {
            Assert.Equal(name, cache.GetString(Encoding.UTF8.GetBytes(name)));
        }

        Assert.Same(string.Empty, cache.GetString([]));
    }
}
