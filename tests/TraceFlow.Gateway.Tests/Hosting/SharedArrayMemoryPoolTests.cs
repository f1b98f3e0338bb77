using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using TraceFlow.Gateway.Hosting;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Hosting;

/// <summary>
/// Kestrel and its socket transport read through the shared array pool. The app's own start-up
/// order puts the gateway's factory last, where the transport looks for it (the benchmark's heap
/// dumps then show no Kestrel pool blocks); the test factory's <c>UseKestrel()</c> registers
/// Kestrel's again after it, so real-socket tests run on Kestrel's pool.
/// </summary>
public sealed class SharedArrayMemoryPoolTests
{
    [Fact]
    public void TheAppsStartUp_GivesKestrelTheSharedArrayPool()
    {
        using var app = new GatewayFactory();

        var pools = Assert.IsType<SharedArrayMemoryPoolFactory>(app.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        using var pool = pools.Create(new MemoryPoolOptions { Owner = "kestrel" });
        Assert.IsType<SharedArrayMemoryPool>(pool);
    }

    [Fact]
    public void ABlock_IsKestrelsSize_AndUnusableOnceReturned()
    {
        using var pool = new SharedArrayMemoryPool();
        var block = pool.Rent();
        Assert.Equal(SharedArrayMemoryPool.BlockSize, block.Memory.Length);
        Assert.Equal(SharedArrayMemoryPool.BlockSize, pool.Rent(100).Memory.Length);

        block.Dispose();
        block.Dispose(); // a second return must not hand the array out twice

        Assert.Throws<ObjectDisposedException>(() => block.Memory);
    }

    [Fact]
    public void ABlockLargerThanThePoolsBlocks_IsRefused()
    {
        using var pool = new SharedArrayMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(SharedArrayMemoryPool.BlockSize + 1));
    }
}
