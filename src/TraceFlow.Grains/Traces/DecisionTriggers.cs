using Prometheus;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Grains.Traces;

/// <summary>What made a live trace be decided, as counted in <c>traceflow_traces_decided_total</c>.</summary>
internal static class DecisionTriggers
{
    /// <summary>Quiet for the decision wait.</summary>
    public static readonly Counter.Child DecisionWait = GrainsMetrics.TracesDecided.WithLabels("decision_wait");

    /// <summary>Root span in and quiet for the shorter early decision wait.</summary>
    public static readonly Counter.Child EarlyDecisionWait = GrainsMetrics.TracesDecided.WithLabels("early_decision_wait");

    /// <summary>Never went quiet: decided at its maximum lifetime.</summary>
    public static readonly Counter.Child MaxTraceAge = GrainsMetrics.TracesDecided.WithLabels("max_trace_age");

    /// <summary>The oldest live trace, decided to make room past the silo's maximum of live traces.</summary>
    public static readonly Counter.Child MaxTraces = GrainsMetrics.TracesDecided.WithLabels("max_traces");

    /// <summary>Decided as its activation stopped (silo shutdown) rather than lose its spans.</summary>
    public static readonly Counter.Child Shutdown = GrainsMetrics.TracesDecided.WithLabels("shutdown");
}
