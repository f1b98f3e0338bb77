using System.Security.Claims;

namespace TraceFlow.Gateway.Security;

/// <summary>The tenant a request acts for, as <see cref="ApiKeyAuthenticationHandler"/> established it.</summary>
public static class CallerTenant
{
    public const string ClaimType = "traceflow:tenant";

    /// <summary>
    /// The caller's tenant. Only endpoints that require a role read it; on any other, throwing
    /// beats falling back to a tenant whose data the caller may not see.
    /// </summary>
    public static string Tenant(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.FindFirstValue(ClaimType)
            ?? throw new InvalidOperationException("The request has no authenticated tenant; the endpoint must require a role.");
    }
}
