using System.Net;
using System.Text;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>With security off, <c>X-Scope-OrgID</c> picks the tenant, validated with Grafana Tempo's rules.</summary>
[Collection(GatewayCollection.Name)]
public sealed class TenantHeaderTests(GatewayFactory factory)
{
    [Theory]
    [InlineData(".", "must not be '.' or '..'")]
    [InlineData("..", "must not be '.' or '..'")]
    [InlineData("a/b", "may only hold letters, digits")]
    [InlineData("tenant a", "may only hold letters, digits")]
    public async Task InvalidTenantHeader_Answers400NamingTheHeader(string tenant, string problem)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/traces");
        request.Headers.TryAddWithoutValidation("X-Scope-OrgID", tenant);
        using var response = await factory.CreateClient().SendAsync(request, GatewayClient.Cancel);
        var body = await response.Content.ReadAsStringAsync(GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("X-Scope-OrgID", body, StringComparison.Ordinal);
        Assert.Contains(problem, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenantHeaderOf151Bytes_Answers400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/traces");
        request.Headers.Add("X-Scope-OrgID", new string('t', 151));
        using var response = await factory.CreateClient().SendAsync(request, GatewayClient.Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task TenantHeader_ScopesWritesAndReads_AndNoHeaderIsTheDefaultTenant()
    {
        var traceId = GatewayClient.NewTraceId();
        var tenant = $"org-{Guid.NewGuid():N}"[..20] + "_(x)!*'.-";
        var scoped = new GatewayClient(factory);
        scoped.Http.DefaultRequestHeaders.Add("X-Scope-OrgID", tenant);
        using (var response = await scoped.Http.PostAsync(
            "/api/spans",
            new StringContent($$"""{"spans":[{"trace_id":"{{traceId}}","span_id":"a","service":"hdr","operation":"o","start_unix_ms":1,"duration_ms":1}]}""", Encoding.UTF8, "application/json"),
            GatewayClient.Cancel))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await scoped.WaitForTraceAsync(traceId);
        var (status, _) = await new GatewayClient(factory).GetJsonAsync($"/api/traces/{traceId}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
