using System.Diagnostics;

namespace TraceFlow.Sdk.Tracing;

public static class ActivityErrorExtensions
{
    /// <summary>
    /// Records a failure the way OpenTelemetry does: an <c>exception</c> event with type, message and
    /// stack trace, and the span's status set to error with the exception's message.
    /// </summary>
    public static Activity RecordError(this Activity activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(exception);
        activity.AddException(exception);
        return activity.SetStatus(ActivityStatusCode.Error, exception.Message);
    }
}
