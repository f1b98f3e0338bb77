using System.Diagnostics;

namespace TraceFlow.Sdk.Tracing;

/// <summary>
/// Which <see cref="TraceFlowTelemetry"/> reports an activity. A server span is claimed by the
/// service whose pipeline handled the request, a manual span by the tracer that started it; every
/// in-process descendant (an HttpClient call, a library's span) inherits the claim. With one service
/// per process this only matters for the service name; with several (tests, demos) it keeps each
/// span reported once, by the service it belongs to.
/// </summary>
internal static class SpanOwnership
{
    private const string OwnerProperty = "TraceFlow.Owner";

    public static void Claim(Activity activity, TraceFlowTelemetry owner) =>
        activity.SetCustomProperty(OwnerProperty, owner);

    /// <summary>The owner of the activity or of its nearest in-process ancestor that has one.</summary>
    public static TraceFlowTelemetry? Find(Activity? activity)
    {
        for (var current = activity; current is not null; current = current.Parent)
        {
            if (current.GetCustomProperty(OwnerProperty) is TraceFlowTelemetry owner)
            {
                return owner;
            }
        }

        return null;
    }
}
