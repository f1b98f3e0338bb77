using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Sdk;

/// <summary>
/// How a service reports its spans. Bound from <c>TraceFlow:Sdk</c> by
/// <see cref="TraceFlowServiceCollectionExtensions.AddTraceFlow"/>; the configure callback runs after.
/// </summary>
public sealed class TraceFlowOptions
{
    public const string SectionName = "TraceFlow:Sdk";
    public const string DefaultEndpoint = "http://127.0.0.1:9411";
    public const int DefaultMaxQueueSize = 2048;
    public const int DefaultMaxBatchSize = 512;
    public const int DefaultMaxRetryAttempts = 5;
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultExportTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The <c>service</c> every span of this process reports.</summary>
    [Required(AllowEmptyStrings = false), MaxLength(256)]
    public string ServiceName { get; set; } = "";

    /// <summary>
    /// The collector's base address: spans go to <c>{Endpoint}/api/spans</c>, or with
    /// <see cref="ExportProtocol.OtlpHttpJson"/> to <c>{Endpoint}/v1/traces</c> (for example
    /// <c>http://127.0.0.1:4318</c>).
    /// </summary>
    [Required]
    public Uri Endpoint { get; set; } = new(DefaultEndpoint);

    /// <summary>The wire format; TraceFlow accepts both.</summary>
    public Export.ExportProtocol Protocol { get; set; } = Export.ExportProtocol.TraceFlowJson;

    /// <summary>Spans waiting to be sent; when full, new spans are dropped and counted, never blocking the caller.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueueSize { get; set; } = DefaultMaxQueueSize;

    /// <summary>Spans per request to the collector; a full batch is sent without waiting for the interval.</summary>
    [Range(1, 10_000)]
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>How long a span may wait for its batch to fill before it is sent anyway.</summary>
    public TimeSpan FlushInterval { get; set; } = DefaultFlushInterval;

    /// <summary>Retries of a batch the collector answered with 429/5xx or could not be reached for.</summary>
    [Range(0, 100)]
    public int MaxRetryAttempts { get; set; } = DefaultMaxRetryAttempts;

    /// <summary>Upper bound on one wait between retries, also on a collector's <c>Retry-After</c>.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;

    /// <summary>Time allowed for one request to the collector.</summary>
    public TimeSpan ExportTimeout { get; set; } = DefaultExportTimeout;

    /// <summary>How long disposing the exporter may take to send what is still queued.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = DefaultShutdownTimeout;

    /// <summary>
    /// Further <c>ActivitySource</c> names to report (exact, or a prefix ending in <c>*</c>).
    /// ASP.NET Core, HttpClient and <see cref="Tracing.TraceFlowTracer"/> spans are always reported.
    /// </summary>
    public IList<string> AdditionalSources { get; } = [];

    /// <summary>
    /// Request paths that get no server span: probes and scrapes would otherwise bury the traces
    /// users look for. Exact, case-insensitive matches.
    /// </summary>
    public IList<string> IgnoredRequestPaths { get; } = ["/healthz", "/readyz", "/livez", "/metrics"];

    /// <summary>
    /// Report activities that no TraceFlow-instrumented request or span started (for example an
    /// HttpClient call from a background loop). Turn off when several services share one process,
    /// where such an activity can't be attributed to one of them.
    /// </summary>
    public bool ReportUnattributedActivities { get; set; } = true;

    /// <summary>Checks the values a validator attribute can't express; throws naming the option.</summary>
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ValidationException($"{nameof(Endpoint)} must be an absolute http or https URL, not '{Endpoint}'.");
        }

        RequirePositive(FlushInterval, nameof(FlushInterval));
        RequirePositive(ExportTimeout, nameof(ExportTimeout));
        RequirePositive(MaxRetryDelay, nameof(MaxRetryDelay));
        RequirePositive(ShutdownTimeout, nameof(ShutdownTimeout));
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ValidationException($"{name} must be positive, not {value}.");
        }
    }
}
