using System.Globalization;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Diagnostics;

namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>
/// Admission control for every ingest protocol, checked before a request's body is read: a cap
/// on requests in flight (<see cref="AdaptiveConcurrencyLimit"/>, lowered while dispatch falls
/// behind) and on request bytes in flight, and shedding while <see cref="MemoryPressureMonitor"/>
/// reports the working set above its soft limit. A refused request costs almost nothing and
/// is answered 503 with <c>Retry-After</c> (counted in <c>traceflow_ingest_requests_rejected_total</c>
/// under the refusal's reason), so overload turns into client back-off instead of
/// memory growth, and nothing is acknowledged that the collector did not take.
/// </summary>
public sealed class IngestAdmission(IOptions<AdmissionOptions> options, IOptions<IngestOptions> ingest, MemoryPressureMonitor pressure, AdaptiveConcurrencyLimit concurrency)
{
    public const string InFlightRequests = "in_flight_requests";
    public const string InFlightBytes = "in_flight_bytes";
    public const string MemoryPressure = "memory_pressure";
    public const string DispatchBacklog = "dispatch_backlog";

    private readonly long maxBytes = options.Value.InFlightBytesUnder(pressure.CeilingBytes);
    private readonly int maxRequestBytes = ingest.Value.MaxRequestBytes;
    private int requests;
    private long bytes;

    public int RequestsInFlight => Volatile.Read(ref requests);

    public long BytesInFlight => Interlocked.Read(ref bytes);

    /// <summary>Admits an HTTP ingest request, charged at what its body may grow to in memory.</summary>
    public AdmissionTicket TryAdmit(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var compressed = request.Headers.ContentEncoding.Count > 0;
        var cost = request.ContentLength is { } length && !compressed ? Math.Min(length, maxRequestBytes) : maxRequestBytes;
        return TryAdmit(cost);
    }

    /// <summary>Admits a request of <paramref name="cost"/> bytes (an OTLP/gRPC message, already read by the server).</summary>
    public AdmissionTicket TryAdmit(long cost)
    {
        if (pressure.Level != MemoryPressureLevel.Normal)
        {
            return Refuse(MemoryPressure, string.Create(
                CultureInfo.InvariantCulture,
                $"The collector is near its memory limit ({pressure.CeilingBytes / (1024 * 1024)} MiB) and sheds ingest until it recovers; retry after the Retry-After delay."));
        }

        var limit = concurrency.Current;
        if (Interlocked.Increment(ref requests) > limit)
        {
            Interlocked.Decrement(ref requests);
            return limit < concurrency.Max
                ? Refuse(DispatchBacklog, string.Create(
                    CultureInfo.InvariantCulture,
                    $"The collector is behind: spans took longer than {concurrency.Target.TotalSeconds:0.###} s to reach their traces, so it takes {limit} ingest requests at a time until it catches up; retry after the Retry-After delay."))
                : Refuse(InFlightRequests, string.Create(
                    CultureInfo.InvariantCulture,
                    $"The collector is handling its maximum of {limit} ingest requests; retry after the Retry-After delay."));
        }

        // One request always fits, so a body larger than the byte cap is never refused forever.
        var total = Interlocked.Add(ref bytes, cost);
        if (total > maxBytes && total > cost)
        {
            Interlocked.Add(ref bytes, -cost);
            Interlocked.Decrement(ref requests);
            return Refuse(InFlightBytes, string.Create(
                CultureInfo.InvariantCulture,
                $"The collector holds its maximum of {maxBytes / (1024 * 1024)} MiB of ingest requests; retry after the Retry-After delay."));
        }

        GatewayMetrics.IngestInFlightRequests.Set(Volatile.Read(ref requests));
        return new AdmissionTicket(this, cost);
    }

    internal void Release(long cost)
    {
        Interlocked.Add(ref bytes, -cost);
        GatewayMetrics.IngestInFlightRequests.Set(Interlocked.Decrement(ref requests));
    }

    private static AdmissionTicket Refuse(string reason, string message)
    {
        return new AdmissionTicket(new AdmissionRefusal(reason, message));
    }
}
