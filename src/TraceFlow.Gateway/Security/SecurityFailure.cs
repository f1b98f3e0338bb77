using Grpc.Core;

namespace TraceFlow.Gateway.Security;

/// <summary>Writes a refused request's answer in the shape its API uses; gRPC calls get a status instead.</summary>
internal static class SecurityFailure
{
    public static Task WriteAsync(HttpContext context, int statusCode, string message)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only gRPC answer: HTTP 200 with the status in the headers.
            var code = statusCode switch
            {
                StatusCodes.Status401Unauthorized => StatusCode.Unauthenticated,
                StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
                _ => StatusCode.InvalidArgument,
            };
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return Task.CompletedTask;
        }

        var result = context.GetEndpoint()?.Metadata.GetMetadata<AuthFailureResponse>()?.Create(context, statusCode, message)
            ?? TypedResults.Problem(statusCode: statusCode, detail: message);
        return result.ExecuteAsync(context);
    }
}
