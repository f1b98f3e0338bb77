using System.Net;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Query.Zipkin;

/// <summary>A gateway whose autocomplete keys are configured (<c>TraceFlow:Query:AutocompleteKeys</c>).</summary>
public sealed class AutocompleteGatewayFactory : GatewayFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["TraceFlow:Query:AutocompleteKeys:0"] = "region",
        ["TraceFlow:Query:AutocompleteKeys:1"] = "environment",
        ["TraceFlow:Query:AutocompleteKeys:2"] = " ",
    };
}

/// <summary><c>/api/v2/autocompleteKeys</c> and <c>/api/v2/autocompleteValues</c> with configured keys.</summary>
public sealed class ZipkinAutocompleteTests(AutocompleteGatewayFactory factory) : IClassFixture<AutocompleteGatewayFactory>
{
    private readonly ZipkinClient client = new(factory);

    [Fact]
    public async Task AutocompleteKeys_AreTheConfiguredOnes_Sorted_NotCachedWhenThreeOrFewer()
    {
        var response = await client.GetAsync("/api/v2/autocompleteKeys");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("""["environment","region"]""", response.Body);
        Assert.Null(response.CacheControl);
    }

    [Fact]
    public async Task AutocompleteValues_OfAConfiguredKey_AreTheStoredTagValues_OthersNone()
    {
        var traceId = ZipkinClient.NewTraceId128();
        var spans = new[] { ("prod", "eu-1"), ("staging", "eu-2"), ("prod", "us-1"), ("prod", "us-2") }.Select((tags, i) =>
            $$$"""{"traceId":"{{{traceId}}}","id":"{{{ZipkinClient.NewSpanId()}}}","name":"op","timestamp":{{{1_700_000_000_000_000 + i}}},"localEndpoint":{"serviceName":"auto"},"tags":{"environment":"{{{tags.Item1}}}","region":"{{{tags.Item2}}}","http.route":"/x"}}""");
        using (var response = await client.PostJsonAsync($"[{string.Join(',', spans)}]"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await client.WaitForTraceAsync(traceId, minSpans: 4);

        var environments = await client.GetAsync("/api/v2/autocompleteValues?key=environment");
        var regions = await client.GetAsync("/api/v2/autocompleteValues?key=region");
        var unconfigured = await client.GetAsync("/api/v2/autocompleteValues?key=http.route");

        Assert.Equal("""["prod","staging"]""", environments.Body);
        Assert.Null(environments.CacheControl);
        Assert.Equal("""["eu-1","eu-2","us-1","us-2"]""", regions.Body);
        Assert.Equal("max-age=300, must-revalidate", regions.CacheControl);
        Assert.Equal(HttpStatusCode.OK, unconfigured.Status);
        Assert.Equal("[]", unconfigured.Body);
    }
}
