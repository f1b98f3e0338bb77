namespace TraceFlow.LoadGen.Cli;

/// <summary>One run of the load generator, as given on the command line.</summary>
internal sealed record LoadGenOptions
{
    public const double DefaultDurationSeconds = 60;
    public const double DefaultRate = 0;
    public const int DefaultSpansPerTrace = 10;
    public const int DefaultServices = 5;
    public const int DefaultAttributes = 8;
    public const double DefaultErrorFraction = 0.01;
    public const double DefaultSlowFraction = 0.01;
    public const int DefaultBatchSpans = 512;
    public const int DefaultConnections = 4;
    public const int DefaultInterleave = 8;

    /// <summary>The collector's default slow threshold (<c>TailSamplingOptions.DefaultSlowThreshold</c>).</summary>
    public static readonly TimeSpan CollectorSlowThreshold = TimeSpan.FromSeconds(1);

    public Uri Target { get; init; } = new("http://127.0.0.1:9411");

    /// <summary>OTLP/gRPC endpoint; by default the target's host on port 4317.</summary>
    public Uri? GrpcTarget { get; init; }

    /// <summary>OTLP/HTTP endpoint (without <c>/v1/traces</c>); by default the target itself.</summary>
    public Uri? OtlpHttpTarget { get; init; }

    public Protocol Protocol { get; init; } = Protocol.Json;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(DefaultDurationSeconds);

    /// <summary>Spans per second; 0 sends as fast as the collector accepts.</summary>
    public double Rate { get; init; } = DefaultRate;

    public int SpansPerTrace { get; init; } = DefaultSpansPerTrace;

    public int Services { get; init; } = DefaultServices;

    public int Attributes { get; init; } = DefaultAttributes;

    public double ErrorFraction { get; init; } = DefaultErrorFraction;

    public double SlowFraction { get; init; } = DefaultSlowFraction;

    public int BatchSpans { get; init; } = DefaultBatchSpans;

    public int Connections { get; init; } = DefaultConnections;

    public int Interleave { get; init; } = DefaultInterleave;

    public string? JsonOut { get; init; }

    public string? TracesOut { get; init; }

    /// <summary>Generate and encode only, to measure the generator's own cost.</summary>
    public bool DryRun { get; init; }

    /// <summary>Send on at the paced rate when shed, as misbehaving clients do, so the collector sees the whole overload.</summary>
    public bool IgnoreRetryAfter { get; init; }

    /// <summary>Seed for the shapes (ids stay unique per run whatever the seed); null: random.</summary>
    public int? Seed { get; init; }

    public Uri EffectiveGrpcTarget => GrpcTarget ?? new UriBuilder(Target) { Port = 4317, Path = "/" }.Uri;

    public Uri EffectiveOtlpHttpTarget => OtlpHttpTarget ?? Target;
}
