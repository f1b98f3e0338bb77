using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TraceFlow.Gateway.Ingest.Admission;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Ingest.Admission;

/// <summary>
/// A gateway on real sockets (so a request can stay in flight while its body trickles in) that
/// admits one ingest request at a time, under a 1 GiB ceiling on a working set the test sets.
/// </summary>
public sealed class AdmissionGatewayFactory : KestrelGatewayFactory
{
    public FakeProcessMemory Memory { get; } = new();

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>(base.ExtraSettings)
    {
        ["TraceFlow:Admission:MaxInFlightRequests"] = "1",
        ["TraceFlow:Admission:MemoryLimitMiB"] = "1024",
        ["TraceFlow:Ingest:RetryAfter"] = "00:00:02",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<IProcessMemory>(Memory)));
    }
}
