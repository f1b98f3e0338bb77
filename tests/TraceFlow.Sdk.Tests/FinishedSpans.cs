using System.Diagnostics;

namespace TraceFlow.Sdk.Tests;

internal static class FinishedSpans
{
    /// <summary>A stopped W3C activity, as the exporter receives them, made without any listener.</summary>
    public static Activity Create()
    {
        var activity = new Activity("work");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.Start();
        activity.Stop();
        return activity;
    }
}
