using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace TraceFlow.Gateway.Security;

public static class SecurityExtensions
{
    /// <summary>API-key authentication and one authorization policy per role; an endpoint with no decision needs admin.</summary>
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(options =>
        {
            foreach (var role in GatewayRoles.All)
            {
                options.AddPolicy(role, policy => policy.RequireAuthenticatedUser().RequireRole(role));
            }

            // Fail closed: an endpoint added without a role decision is admin-only.
            options.FallbackPolicy = options.GetPolicy(GatewayRoles.Admin);
        });
        return services;
    }

    /// <summary>Requires <paramref name="role"/> (one of <see cref="GatewayRoles"/>) on every endpoint of the builder.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder => builder.RequireAuthorization(role);

    /// <summary>Answers 401/403 on the builder's endpoints in their API's own error shape.</summary>
    public static TBuilder WithAuthFailureResponse<TBuilder>(this TBuilder builder, Func<HttpContext, int, string, IResult> create)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AuthFailureResponse(create));

    /// <summary>Open to anyone even with security on (probes, <c>/metrics</c>).</summary>
    public static TBuilder AllowWithoutKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AllowAnonymousAttribute());
}
