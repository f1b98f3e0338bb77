using System.Diagnostics;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Gateway.Diagnostics;

/// <summary><c>GET /debug/memory</c>: the heap after a full collection, and what it holds.</summary>
public static class MemoryEndpoint
{
    /// <summary>The endpoint when <see cref="DiagnosticsOptions.MemoryEndpoint"/> is on; null when it is off.</summary>
    public static RouteHandlerBuilder? MapMemoryEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.ServiceProvider.GetRequiredService<IOptions<DiagnosticsOptions>>().Value.MemoryEndpoint
            ? endpoints.MapGet("/debug/memory", () => TypedResults.Ok(Measure()))
            : null;
    }

    private static MemorySnapshot Measure()
    {
        // Counts first: a trace decided during the collection then shows in neither the heap nor the counts.
        var snapshot = new MemorySnapshot
        {
            LiveTraces = (long)GrainsMetrics.LiveTraces.Value,
            LiveSpans = (long)GrainsMetrics.LiveSpans.Value,
            StoredTraces = (long)GrainsMetrics.StoredTraces.Value,
            StoredSpans = (long)GrainsMetrics.StoredSpans.Value,
        };
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return snapshot with { GcHeapBytes = GC.GetTotalMemory(forceFullCollection: false), WorkingSetBytes = process.WorkingSet64 };
    }
}
