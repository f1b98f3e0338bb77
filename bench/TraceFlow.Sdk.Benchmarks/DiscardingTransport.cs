using System.Diagnostics;
using TraceFlow.Sdk.Export;

namespace TraceFlow.Sdk.Benchmarks;

/// <summary>Accepts every batch at once, so the benchmark measures the SDK alone.</summary>
internal sealed class DiscardingTransport : ISpanTransport
{
    public Task<ExportResult> SendAsync(IReadOnlyList<Activity> batch, string serviceName, CancellationToken cancellationToken) =>
        Task.FromResult(new ExportResult(ExportStatus.Success));

    public void Dispose()
    {
    }
}
