using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Net.Http.Headers;
using TraceFlow.Grains.Storage;

namespace TraceFlow.Gateway.Query;

/// <summary>
/// A query the trace store could not answer now (ClickHouse down, overloaded or too slow)
/// becomes 503 with <c>Retry-After</c> and a problem saying so, rather than a bare 500.
/// </summary>
internal sealed partial class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not TraceStoreUnavailableException unavailable)
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Path, unavailable.InnerException ?? unavailable);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers[HeaderNames.RetryAfter] = ((int)Math.Ceiling(unavailable.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The trace store is unavailable",
                Detail = "The trace store did not answer in time; retry after the Retry-After delay.",
            },
        });
    }

    [LoggerMessage(1, LogLevel.Warning, "Query {Path} answered 503: the trace store is unavailable")]
    private static partial void LogUnavailable(ILogger logger, PathString path, Exception exception);
}
