namespace TraceFlow.Gateway.Security;

/// <summary>
/// Endpoint metadata: how an API answers 401/403 in its own error shape (Zipkin plain text,
/// Jaeger's envelope, OTLP's <c>google.rpc.Status</c>). Without it the answer is a ProblemDetails body.
/// </summary>
public sealed class AuthFailureResponse(Func<HttpContext, int, string, IResult> create)
{
    public IResult Create(HttpContext context, int statusCode, string message) => create(context, statusCode, message);
}
