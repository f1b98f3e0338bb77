using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TraceFlow.Gateway.Security;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>
/// Every endpoint the gateway maps, read from its endpoint data source, has a role decision, and
/// with security on answers 401 without a key or with an unknown one, 403 to a key without its
/// role, and 2xx to a key with it. An endpoint added without a row here fails the first test.
/// </summary>
public sealed class EndpointRoleTests(EndpointRoleGatewayFactory factory) : IClassFixture<EndpointRoleGatewayFactory>
{
    private const string Open = "open";
    private const string Grpc = "grpc";

    /// <summary>The OTLP/gRPC method; it is checked with a gRPC client in <see cref="OtlpGrpcAuthTests"/>.</summary>
    private const string GrpcExport = "* /opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private const string PolicySet = """{"policies":[{"name":"errors","type":"status_code","status_code":{"status_codes":["ERROR"]}}]}""";

    /// <summary>Each endpoint ("METHOD pattern") with its role and a request that succeeds with that role; {id} is a stored trace of tenant A.</summary>
    private static readonly Dictionary<string, (string Role, string Method, string Path, string? Body, string? ContentType)> Table = new()
    {
        ["POST /api/spans"] = (GatewayRoles.Ingest, "POST", "/api/spans", """{"spans":[{"trace_id":"{id}","span_id":"b2","service":"auth-svc","operation":"late","start_unix_ms":1,"duration_ms":1}]}""", "application/json"),
        ["POST /v1/traces"] = (GatewayRoles.Ingest, "POST", "/v1/traces", "{}", "application/json"),
        ["POST /api/v2/spans"] = (GatewayRoles.Ingest, "POST", "/api/v2/spans", "[]", "application/json"),
        [GrpcExport] = (Grpc, "POST", "", null, null),
        ["GET /api/traces"] = (GatewayRoles.Query, "GET", "/api/traces", null, null),
        ["GET /api/traces/{traceId}"] = (GatewayRoles.Query, "GET", "/api/traces/{id}", null, null),
        ["GET /api/stats"] = (GatewayRoles.Query, "GET", "/api/stats", null, null),
        ["GET /api/stats/timeline"] = (GatewayRoles.Query, "GET", "/api/stats/timeline", null, null),
        ["GET /api/dependencies"] = (GatewayRoles.Query, "GET", "/api/dependencies", null, null),
        ["POST /api/sampling/preview"] = (GatewayRoles.Query, "POST", "/api/sampling/preview", PolicySet, "application/json"),
        ["GET /api/sampling/policies"] = (GatewayRoles.Query, "GET", "/api/sampling/policies", null, null),
        ["GET /jaeger/api/services"] = (GatewayRoles.Query, "GET", "/jaeger/api/services", null, null),
        ["GET /jaeger/api/services/{service}/operations"] = (GatewayRoles.Query, "GET", "/jaeger/api/services/auth-svc/operations", null, null),
        ["GET /jaeger/api/operations"] = (GatewayRoles.Query, "GET", "/jaeger/api/operations?service=auth-svc", null, null),
        ["GET /jaeger/api/traces"] = (GatewayRoles.Query, "GET", "/jaeger/api/traces?service=auth-svc", null, null),
        ["GET /jaeger/api/traces/{traceId}"] = (GatewayRoles.Query, "GET", "/jaeger/api/traces/{id}", null, null),
        ["GET /jaeger/api/dependencies"] = (GatewayRoles.Query, "GET", "/jaeger/api/dependencies", null, null),
        ["GET /jaeger/api/v3/services"] = (GatewayRoles.Query, "GET", "/jaeger/api/v3/services", null, null),
        ["GET /jaeger/api/v3/operations"] = (GatewayRoles.Query, "GET", "/jaeger/api/v3/operations?service=auth-svc", null, null),
        ["GET /jaeger/api/v3/traces"] = (GatewayRoles.Query, "GET", "/jaeger/api/v3/traces?query.service_name=auth-svc", null, null),
        ["GET /jaeger/api/v3/traces/{traceId}"] = (GatewayRoles.Query, "GET", "/jaeger/api/v3/traces/{id}", null, null),
        ["GET /jaeger/api/v3/trace-summaries"] = (GatewayRoles.Query, "GET", "/jaeger/api/v3/trace-summaries?query.service_name=auth-svc", null, null),
        ["GET /api/v2/services"] = (GatewayRoles.Query, "GET", "/api/v2/services", null, null),
        ["GET /api/v2/spans"] = (GatewayRoles.Query, "GET", "/api/v2/spans?serviceName=auth-svc", null, null),
        ["GET /api/v2/remoteServices"] = (GatewayRoles.Query, "GET", "/api/v2/remoteServices?serviceName=auth-svc", null, null),
        ["GET /api/v2/traces"] = (GatewayRoles.Query, "GET", "/api/v2/traces", null, null),
        ["GET /api/v2/trace/{traceId}"] = (GatewayRoles.Query, "GET", "/api/v2/trace/{id}", null, null),
        ["GET /api/v2/traceMany"] = (GatewayRoles.Query, "GET", "/api/v2/traceMany?traceIds={id},0123456789abcdef", null, null),
        ["GET /api/v2/dependencies"] = (GatewayRoles.Query, "GET", "/api/v2/dependencies?endTs=1700000000000", null, null),
        ["GET /api/v2/autocompleteKeys"] = (GatewayRoles.Query, "GET", "/api/v2/autocompleteKeys", null, null),
        ["GET /api/v2/autocompleteValues"] = (GatewayRoles.Query, "GET", "/api/v2/autocompleteValues?key=http.method", null, null),
        ["GET /debug/memory"] = (GatewayRoles.Admin, "GET", "/debug/memory", null, null),
        ["* /healthz"] = (Open, "GET", "/healthz", null, null),
        ["* /readyz"] = (Open, "GET", "/readyz", null, null),
        ["* /metrics"] = (Open, "GET", "/metrics", null, null),
    };

    public static TheoryData<string> Secured => [.. Table.Where(e => e.Value.Role is not Open and not Grpc).Select(e => e.Key)];

    public static TheoryData<string> OpenEndpoints => [.. Table.Where(e => e.Value.Role is Open).Select(e => e.Key)];

    [Fact]
    public void EveryMappedEndpoint_HasTheRoleThisTableGivesIt()
    {
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => !IsGrpcFallback(e))
            .ToDictionary(Name, RoleOf);

        Assert.Equal(Table.Keys.Order(StringComparer.Ordinal), mapped.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, role) in mapped)
        {
            Assert.True(role == (Table[name].Role == Grpc ? GatewayRoles.Ingest : Table[name].Role), $"{name} requires {role}, the table says {Table[name].Role}");
        }
    }

    [Theory]
    [MemberData(nameof(Secured))]
    public async Task SecuredEndpoint_Answers401WithoutAKeyOrWithAnUnknownOne(string endpoint)
    {
        var id = await StoredTraceIdAsync();
        foreach (var key in new[] { null, "not-a-configured-key" })
        {
            using var response = await SendAsync(endpoint, id, key);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{endpoint} with key {key ?? "(none)"}: {response.StatusCode}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.DoesNotContain("not-a-configured-key", await response.Content.ReadAsStringAsync(GatewayClient.Cancel), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Secured))]
    public async Task SecuredEndpoint_Answers403ToAKeyWithoutItsRole(string endpoint)
    {
        var id = await StoredTraceIdAsync();
        using var response = await SendAsync(endpoint, id, TestKeys.WrongKeyFor(Table[endpoint].Role));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Secured))]
    public async Task SecuredEndpoint_AnswersAKeyWithItsRole(string endpoint)
    {
        var id = await StoredTraceIdAsync();
        using var response = await SendAsync(endpoint, id, TestKeys.KeyOf(Table[endpoint].Role));

        Assert.True(response.IsSuccessStatusCode, $"{endpoint}: {response.StatusCode} {await response.Content.ReadAsStringAsync(GatewayClient.Cancel)}");
    }

    [Theory]
    [MemberData(nameof(OpenEndpoints))]
    public async Task OpenEndpoint_AnswersWithoutAKey(string endpoint)
    {
        using var response = await SendAsync(endpoint, "", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task StaticUi_IsServedWithoutAKey()
    {
        using var response = await factory.CreateClient().GetAsync("/", GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/traces?access_token=" + TestKeys.QueryOnlyKey)]
    [InlineData("/api/traces?api_key=" + TestKeys.QueryOnlyKey)]
    public async Task KeyInTheQueryString_IsNotAccepted(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Basic " + TestKeys.QueryOnlyKey)]
    [InlineData(TestKeys.QueryOnlyKey)]
    public async Task KeyWithoutTheBearerScheme_IsNotAccepted(string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/traces");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await factory.CreateClient().SendAsync(request, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task WithSecurityOn_TheTenantHeaderIsIgnored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/traces");
        request.Headers.Add("X-Scope-OrgID", TestKeys.TenantB);
        using var response = await factory.CreateClient().SendAsync(request, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v2/services", "text/plain")]
    [InlineData("/jaeger/api/services", "application/json")]
    [InlineData("/api/traces", "application/problem+json")]
    public async Task Refusals_AreInTheShapeOfTheirApi(string path, string mediaType)
    {
        using var response = await factory.CreateClient().GetAsync(path, GatewayClient.Cancel);
        var body = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("API key", body, StringComparison.Ordinal);
    }

    /// <summary>gRPC's UNIMPLEMENTED answers for unknown services and methods; they run no code of ours and fall under the admin-only fallback policy.</summary>
    private static bool IsGrpcFallback(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.RawText?.Contains("{unimplemented", StringComparison.Ordinal) == true;

    private static string Name(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
        var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
        return $"{(methods is { Count: > 0 } ? string.Join(",", methods) : "*")} {pattern}";
    }

    private static string RoleOf(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Open;
        }

        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Distinct().ToList();
        return policies is [{ } single] ? single : $"no single role ({string.Join(",", policies)})";
    }

    private async Task<HttpResponseMessage> SendAsync(string endpoint, string traceId, string? key)
    {
        var (_, method, path, body, contentType) = Table[endpoint];
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", traceId, StringComparison.Ordinal));
        if (body is not null)
        {
            request.Content = new StringContent(body.Replace("{id}", traceId, StringComparison.Ordinal), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return await factory.CreateClient().SendAsync(request, GatewayClient.Cancel);
    }

    private Task<string> StoredTraceIdAsync() => factory.StoredTraceId.Value;
}

/// <summary>The secured gateway with one stored trace of tenant A, for the endpoints that read a trace by id.</summary>
public sealed class EndpointRoleGatewayFactory : SecuredGatewayFactory
{
    public EndpointRoleGatewayFactory() => StoredTraceId = new(StoreTraceAsync);

    public Lazy<Task<string>> StoredTraceId { get; }

    private async Task<string> StoreTraceAsync()
    {
        var id = GatewayClient.NewTraceId();
        var writer = new GatewayClient(this, TestKeys.KeyA);
        using var response = await writer.PostSpansAsync($$"""
            {"spans":[{"trace_id":"{{id}}","span_id":"a1","service":"auth-svc","operation":"GET /","start_unix_ms":{{Clock.GetUtcNow().ToUnixTimeMilliseconds()}},"duration_ms":5}]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await writer.WaitForTraceAsync(id);
        return id;
    }
}
