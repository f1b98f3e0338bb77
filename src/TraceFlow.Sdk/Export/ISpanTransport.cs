using System.Diagnostics;

namespace TraceFlow.Sdk.Export;

/// <summary>Sends one batch of finished spans to the collector in one wire format.</summary>
public interface ISpanTransport : IDisposable
{
    /// <summary>Never throws for collector or network failures: they come back as an <see cref="ExportResult"/>.</summary>
    Task<ExportResult> SendAsync(IReadOnlyList<Activity> batch, string serviceName, CancellationToken cancellationToken);
}
