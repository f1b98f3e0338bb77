using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Hostile;

/// <summary>
/// Paths that try to climb out of the UI's <c>web/</c> folder, sent over a raw socket so no client
/// normalises them first: none serves a file from beside it (appsettings.json sits one level up).
/// </summary>
public sealed class StaticFilePathTests(KestrelGatewayFactory factory) : IClassFixture<KestrelGatewayFactory>
{
    [Theory]
    [InlineData("/../appsettings.json")]
    [InlineData("/web/../../appsettings.json")]
    [InlineData("/%2e%2e/appsettings.json")]
    [InlineData("/%2E%2E%2Fappsettings.json")]
    [InlineData("/..%2fappsettings.json")]
    [InlineData("/..%5cappsettings.json")]
    [InlineData("/..\\appsettings.json")]
    [InlineData("/js/..%2f..%2fappsettings.json")]
    [InlineData("/%252e%252e/appsettings.json")]
    [InlineData("/../../../../../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/....//....//etc/passwd")]
    public async Task PathsClimbingOutOfTheWebFolder_ServeNoFile(string path)
    {
        var answer = await GetAsync(path);

        Assert.Matches(@"^HTTP/1\.1 (400|404) ", answer);
        Assert.DoesNotContain("\"TraceFlow\"", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUi_IsServedFromTheWebFolder()
    {
        var answer = await GetAsync("/");

        Assert.StartsWith("HTTP/1.1 200 ", answer, StringComparison.Ordinal);
        Assert.Contains("<html", answer, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> GetAsync(string path)
    {
        using var connection = await RawHttpConnection.OpenAsync(factory.ServerAddress);
        return await connection.RequestAsync($"GET {path} HTTP/1.1\r\nHost: traversal\r\n");
    }
}
