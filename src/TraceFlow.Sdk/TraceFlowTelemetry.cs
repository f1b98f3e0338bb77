using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TraceFlow.Sdk.Export;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Sdk;

/// <summary>
/// TraceFlow tracing for one service: listens to ASP.NET Core, HttpClient and
/// <see cref="TraceFlowTracer"/> activities and reports the finished ones through a
/// <see cref="BatchingActivityExporter"/>. ASP.NET Core services get one from
/// <see cref="TraceFlowServiceCollectionExtensions.AddTraceFlow"/>; anything else calls
/// <see cref="Start(TraceFlowOptions, TimeProvider?, ILoggerFactory?)"/> and disposes it on exit.
/// </summary>
public sealed class TraceFlowTelemetry : IAsyncDisposable
{
    /// <summary>ASP.NET Core's request activities.</summary>
    public const string AspNetCoreSource = "Microsoft.AspNetCore";

    /// <summary>HttpClient's outgoing request activities.</summary>
    public const string HttpClientSource = "System.Net.Http";

    private readonly ActivityListener listener;
    private readonly BatchingActivityExporter exporter;
    private readonly ISpanTransport transport;
    private readonly bool reportUnattributed;
    private readonly string[] exactSources;
    private readonly string[] sourcePrefixes;

    internal TraceFlowTelemetry(TraceFlowOptions options, ISpanTransport transport, TimeProvider time, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ServiceName = options.ServiceName;
        reportUnattributed = options.ReportUnattributedActivities;
        this.transport = transport;
        exporter = new BatchingActivityExporter(options, transport, time, loggerFactory.CreateLogger<BatchingActivityExporter>());
        Tracer = new TraceFlowTracer(this);
        exactSources = [AspNetCoreSource, HttpClientSource, TraceFlowTracer.SourceName, .. options.AdditionalSources.Where(s => !s.EndsWith('*'))];
        sourcePrefixes = [.. options.AdditionalSources.Where(s => s.EndsWith('*')).Select(s => s.TrimEnd('*'))];
        listener = new ActivityListener
        {
            ShouldListenTo = Listens,
            Sample = Sample,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public string ServiceName { get; }

    public TraceFlowTracer Tracer { get; }

    public ExporterStatistics Statistics => exporter.Statistics;

    /// <summary>Starts tracing for a service that is not an ASP.NET Core application.</summary>
    public static TraceFlowTelemetry Start(TraceFlowOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        time ??= TimeProvider.System;
        return new TraceFlowTelemetry(options, CreateTransport(options, time, primaryHandler: null), time, loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>Sends every span finished so far.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => exporter.FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        listener.Dispose();
        await exporter.DisposeAsync().ConfigureAwait(false);
        transport.Dispose();
    }

    /// <summary>
    /// The HTTP client the exporter posts with. It never injects trace headers: an export must not
    /// join the trace of whatever the service was doing when the batch filled up.
    /// </summary>
    internal static HttpSpanTransport CreateTransport(TraceFlowOptions options, TimeProvider time, HttpMessageHandler? primaryHandler)
    {
        var handler = primaryHandler ?? new SocketsHttpHandler
        {
            ActivityHeadersPropagator = null,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        var baseAddress = options.Endpoint.AbsoluteUri.EndsWith('/') ? options.Endpoint : new Uri(options.Endpoint.AbsoluteUri + "/");
        var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = options.ExportTimeout };
        return options.Protocol switch
        {
            ExportProtocol.OtlpHttpJson => new OtlpHttpJsonTransport(http, time),
            _ => new TraceFlowJsonTransport(http, time),
        };
    }

    private bool Listens(ActivitySource source) =>
        exactSources.Contains(source.Name, StringComparer.Ordinal)
        || sourcePrefixes.Any(prefix => source.Name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// Parent-based, always-on: a span whose parent was not sampled is only propagated, every
    /// other span is recorded (the collector's tail sampling decides what to keep). Spans that
    /// belong to another TraceFlow service in this process are left to that service's listener.
    /// </summary>
    private ActivitySamplingResult Sample(ref ActivityCreationOptions<ActivityContext> options)
    {
        if (InstrumentationSuppression.IsActive)
        {
            return ActivitySamplingResult.None;
        }

        if (options.Parent != default && (options.Parent.TraceFlags & ActivityTraceFlags.Recorded) == 0)
        {
            return ActivitySamplingResult.PropagationData;
        }

        var source = options.Source.Name;
        if (source is AspNetCoreSource or TraceFlowTracer.SourceName)
        {
            // Claimed after creation, by the request pipeline or the tracer that starts them.
            return ActivitySamplingResult.AllDataAndRecorded;
        }

        return Reports(SpanOwnership.Find(Activity.Current)) ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None;
    }

    private void OnStopped(Activity activity)
    {
        if (activity.Recorded && !InstrumentationSuppression.IsActive && Reports(SpanOwnership.Find(activity)))
        {
            exporter.TryEnqueue(activity);
        }
    }

    private bool Reports(TraceFlowTelemetry? owner) => owner == this || (owner is null && reportUnattributed);
}
