using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TraceFlow.Gateway.Hosting;

/// <summary>Gives Kestrel and its socket transport a <see cref="SharedArrayMemoryPool"/> in place of their pinned block pool.</summary>
internal sealed class SharedArrayMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    /// <summary>
    /// Puts this factory in place of Kestrel's. Kestrel's socket transport takes whichever factory
    /// is registered last, so this goes after <c>UseKestrel</c>.
    /// </summary>
    public static void Register(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IMemoryPoolFactory<byte>, SharedArrayMemoryPoolFactory>());

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new SharedArrayMemoryPool();
}
