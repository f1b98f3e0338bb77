using System.Diagnostics;

namespace TraceFlow.Sdk.Export;

/// <summary>
/// A span's status as the collector should see it: the status the code set, else what the HTTP
/// semantic conventions imply (a server span fails on 5xx, a client span on 4xx and 5xx, any span
/// that carries <c>error.type</c> has failed).
/// </summary>
internal static class SpanStatus
{
    public static (string Status, string? Message) Of(Activity activity)
    {
        switch (activity.Status)
        {
            case ActivityStatusCode.Ok:
                return ("ok", null);
            case ActivityStatusCode.Error:
                return ("error", string.IsNullOrEmpty(activity.StatusDescription) ? null : activity.StatusDescription);
        }

        if (activity.GetTagItem("http.response.status_code") is { } code && ToInt(code) is { } status)
        {
            var failed = activity.Kind == ActivityKind.Server ? status >= 500 : status >= 400;
            if (failed)
            {
                return ("error", null);
            }
        }

        return activity.GetTagItem("error.type") is string { Length: > 0 } errorType ? ("error", errorType) : ("unset", null);
    }

    private static int? ToInt(object value) => value switch
    {
        int number => number,
        long number => (int)Math.Clamp(number, int.MinValue, int.MaxValue),
        string text when int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };
}
