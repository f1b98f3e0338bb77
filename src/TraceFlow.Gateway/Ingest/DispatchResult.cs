using System.Globalization;

namespace TraceFlow.Gateway.Ingest;

/// <summary>Span counts of one dispatched request, and the words every ingest protocol answers a refusal with.</summary>
public sealed record DispatchResult
{
    public const string AtCapacity = "the collector is at capacity (its maximum of live traces, or storage catching up)";
    public const string ReplayBufferFull = "the gateway's replay buffer is full (TraceFlow:Replay MaxSpans or MaxBytes)";

    public int Accepted { get; init; }

    /// <summary>Refused because their trace reached its span limit (not retryable).</summary>
    public int TooLarge { get; init; }

    /// <summary>The part of <see cref="TooLarge"/> refused by the tenant's own spans-per-trace limit.</summary>
    public int TenantTooLarge { get; init; }

    /// <summary>Refused because a silo was at capacity, or the replay buffer was full (503, retry later).</summary>
    public int Refused { get; init; }

    /// <summary>Why <see cref="Refused"/> spans were refused, in words for the client.</summary>
    public string RefusedBecause { get; init; } = AtCapacity;

    /// <summary>Refused because the tenant was at its live-trace limit on a silo (429, retry later).</summary>
    public int TenantRefused { get; init; }

    /// <summary>The answer to a request with <see cref="Refused"/> spans; <paramref name="delay"/> names the delay to wait.</summary>
    public string RefusedMessage(string delay) => Message(Refused, RefusedBecause, delay);

    /// <summary>The answer to a request with <see cref="TenantRefused"/> spans.</summary>
    public string TenantRefusedMessage(string delay) =>
        Message(TenantRefused, "the tenant holds its maximum of live traces (TraceFlow:TenantLimits MaxLiveTraces), until some of them are decided", delay);

    private string Message(int refused, string because, string delay) =>
        $"{Spans(refused)} refused because {because}; retry after the {delay}. {Spans(Accepted)} accepted, which a retry will not duplicate.";

    private static string Spans(int count) =>
        count == 1 ? "1 span" : string.Create(CultureInfo.InvariantCulture, $"{count} spans");
}
