using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Security;

/// <summary>
/// Turns <c>Authorization: Bearer &lt;key&gt;</c> (an HTTP header, or OTLP/gRPC's
/// <c>authorization</c> metadata, which is the same HTTP/2 header) into the key's tenant and
/// roles. The key is hashed and compared in constant time with every configured hash, so
/// neither a match nor its position shows in the timing; it is never logged. Keys in the query
/// string are not read. With security off, every request has every role, for the default
/// tenant or the one an <c>X-Scope-OrgID</c> header names.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptions<SecurityOptions> security,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string BearerPrefix = "Bearer ";

    private static readonly AuthenticationFailureException UnknownKey = new("The API key is not valid.");

    private readonly SecurityOptions settings = security.Value;
    private readonly byte[][] hashes = [.. security.Value.Keys.Select(k => Convert.FromHexString(k.Sha256))];

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!settings.Enabled)
        {
            return Task.FromResult(AuthenticateOpen());
        }

        var header = Request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var key = Find(value.AsSpan(BearerPrefix.Length).Trim());
        return Task.FromResult(key is null ? AuthenticateResult.Fail(UnknownKey) : Success(key.Tenant, key.Roles, key.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // The middleware keeps only successful results; a failed one is read again (handlers cache it).
        var failure = (await HandleAuthenticateOnceAsync()).Failure;
        if (failure is TenantHeaderException bad)
        {
            await SecurityFailure.WriteAsync(Context, StatusCodes.Status400BadRequest, bad.Message);
            return;
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        var message = failure is null
            ? "This endpoint needs an API key: send 'Authorization: Bearer <key>'."
            : "The API key is not valid.";
        await SecurityFailure.WriteAsync(Context, StatusCodes.Status401Unauthorized, message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        SecurityFailure.WriteAsync(Context, StatusCodes.Status403Forbidden, "The API key does not have the role this endpoint needs.");

    private AuthenticateResult AuthenticateOpen()
    {
        var header = Request.Headers[TenantId.HeaderName];
        if (header.Count == 0)
        {
            return Success(TraceKey.DefaultTenant, GatewayRoles.All, "anonymous");
        }

        var tenant = header.Count == 1 ? header[0] : null;
        return TenantId.IsValid(tenant, out var error)
            ? Success(tenant!, GatewayRoles.All, "anonymous")
            : AuthenticateResult.Fail(new TenantHeaderException($"{TenantId.HeaderName} {(header.Count > 1 ? "must be sent once" : error)}."));
    }

    /// <summary>The configured key whose hash matches, looking at every one of them whatever matches first.</summary>
    private ApiKeyOptions? Find(ReadOnlySpan<char> key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = new byte[Encoding.UTF8.GetByteCount(key)];
        Encoding.UTF8.GetBytes(key, bytes);
        SHA256.HashData(bytes, hash);
        CryptographicOperations.ZeroMemory(bytes);
        var found = -1;
        for (var i = 0; i < hashes.Length; i++)
        {
            var match = CryptographicOperations.FixedTimeEquals(hash, hashes[i]);
            found = match ? i : found;
        }

        return found < 0 ? null : settings.Keys[found];
    }

    private static AuthenticateResult Success(string tenant, IEnumerable<string> roles, string name)
    {
        var claims = new List<Claim> { new(CallerTenant.ClaimType, tenant), new(ClaimTypes.Name, name) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
