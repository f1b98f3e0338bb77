using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Gateway.Shutdown;

/// <summary>How the collector stops on SIGTERM (or Ctrl+C).</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "TraceFlow:Shutdown";

    /// <summary>
    /// The most the whole stop may take (the host's shutdown timeout): refusing new work,
    /// finishing requests in flight, deciding live traces and writing what is queued. Whatever
    /// is not done by then is abandoned and counted lost. Leave room for
    /// <c>TraceFlow:ClickHouse:ShutdownDrainTimeout</c> within it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the collector keeps its listeners open after the signal, answering ingest with
    /// 503 (gRPC UNAVAILABLE) and <c>/readyz</c> with 503, before it closes them: time for a
    /// load balancer to stop sending it traffic and for clients to move on.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan UnreadyDelay { get; set; } = TimeSpan.FromSeconds(1);
}
