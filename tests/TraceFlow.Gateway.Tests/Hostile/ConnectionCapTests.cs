using System.Diagnostics;
using System.Net;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Hostile;

/// <summary>
/// A flood of idle connections (RELIABILITY.md's hostile input 21) against the real Kestrel
/// gateway: past the connection cap new ones are closed at once. The headers timeout is long
/// here, so the idle connections hold their slots however slowly a busy machine opens them.
/// </summary>
public sealed class ConnectionCapTests(ConnectionCapTests.ConnectionCapGatewayFactory factory) : IClassFixture<ConnectionCapTests.ConnectionCapGatewayFactory>
{
    [Fact]
    public async Task ConnectionsBeyondTheCap_AreClosedAtOnce_AndServiceResumesWhenTheyGo()
    {
        var idle = new List<RawHttpConnection>();
        try
        {
            for (var i = 0; i < ConnectionCapGatewayFactory.MaxConnections; i++)
            {
                idle.Add(await RawHttpConnection.OpenAsync(factory.ServerAddress));
            }

            using var beyond = await RawHttpConnection.OpenAsync(factory.ServerAddress);
            await beyond.SendAsync("GET /healthz HTTP/1.1\r\nHost: beyond\r\n\r\n");
            Assert.DoesNotContain("200 OK", await beyond.ReadUntilClosedAsync(TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }

        Assert.Equal(HttpStatusCode.OK, await HealthOnceTheIdleConnectionsAreGoneAsync());
    }

    private async Task<HttpStatusCode> HealthOnceTheIdleConnectionsAreGoneAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var http = new HttpClient { BaseAddress = factory.ServerAddress };
            try
            {
                using var response = await http.GetAsync("/healthz", GatewayClient.Cancel);
                return response.StatusCode;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                // Kestrel releases the closed connections' slots asynchronously; ask again.
            }
        }
    }

    /// <summary>The Kestrel gateway with a small connection cap and a long headers timeout.</summary>
    public sealed class ConnectionCapGatewayFactory : KestrelGatewayFactory
    {
        public const int MaxConnections = 8;

        protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>(base.ExtraSettings)
        {
            ["TraceFlow:Connections:RequestHeadersTimeout"] = "00:01:00",
            ["TraceFlow:Connections:MaxConcurrentConnections"] = "8",
        };
    }
}
