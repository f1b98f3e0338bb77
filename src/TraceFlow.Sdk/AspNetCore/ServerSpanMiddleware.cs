using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Sdk.AspNetCore;

/// <summary>
/// Turns ASP.NET Core's request activity into a proper server span: claims it for this service,
/// names it <c>{method} {route}</c>, adds the HTTP semantic-convention attributes, and records an
/// unhandled exception as the span's error.
/// </summary>
internal sealed class ServerSpanMiddleware(RequestDelegate next, TraceFlowTelemetry telemetry, IOptions<TraceFlowOptions> options)
{
    private readonly HashSet<string> ignoredPaths = new(options.Value.IgnoredRequestPaths, StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        var activity = Activity.Current;
        if (activity is null || activity.Source.Name != TraceFlowTelemetry.AspNetCoreSource)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        if (request.Path.Value is { } path && ignoredPaths.Contains(path))
        {
            // Still propagated downstream, never reported.
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            await next(context).ConfigureAwait(false);
            return;
        }

        SpanOwnership.Claim(activity, telemetry);
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("server.address", request.Host.Host);
        if (request.Host.Port is { } port)
        {
            activity.SetTag("server.port", port);
        }

        var failed = false;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failed = true;
            activity.RecordError(exception);
            throw;
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            activity.DisplayName = route is null ? request.Method : $"{request.Method} {route}";
            if (route is not null)
            {
                activity.SetTag("http.route", route);
            }

            // After an unhandled exception the status code is not decided yet (the host answers 500).
            activity.SetTag("http.response.status_code", failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode);
        }
    }
}
