using Microsoft.AspNetCore.Diagnostics;

namespace TraceFlow.Gateway.Hosting;

/// <summary>
/// A request Kestrel found bad while an endpoint read it (a body arriving below the minimum
/// rate, a body cut short by the client) keeps Kestrel's status (408, 400) and reason instead
/// of becoming a bare 500.
/// </summary>
internal sealed partial class BadHttpRequestHandler(IProblemDetailsService problems, ILogger<BadHttpRequestHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogBadRequest(logger, httpContext.Request.Path, bad.StatusCode, bad.Message);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = "The request could not be read",
                Detail = bad.Message,
            },
        });
    }

    [LoggerMessage(2, LogLevel.Information, "Request {Path} answered {Status}: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, PathString path, int status, string reason);
}
