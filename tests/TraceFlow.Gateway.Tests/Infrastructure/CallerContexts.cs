using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using TraceFlow.Gateway.Security;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Infrastructure;

/// <summary>An HTTP context for calling a handler directly, authenticated as the gateway's handler would leave it.</summary>
public static class CallerContexts
{
    public static DefaultHttpContext For(string tenant = TraceKey.DefaultTenant) =>
        new() { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(CallerTenant.ClaimType, tenant)], "test")) };
}
