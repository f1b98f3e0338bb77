using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Hosting;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Hostile;

/// <summary>Slowloris against the real Kestrel gateway (RELIABILITY.md's hostile input 21): trickling headers or bodies lose their connection.</summary>
public sealed class SlowClientTests(SlowClientTests.ShortTimeoutsGatewayFactory factory) : IClassFixture<SlowClientTests.ShortTimeoutsGatewayFactory>
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task HeadersSentAtATrickle_AreCutOffAtTheHeadersTimeoutWith408_WhileOtherClientsAreServed()
    {
        using var slow = await RawHttpConnection.OpenAsync(factory.ServerAddress);
        var request = $"GET /healthz HTTP/1.1\r\nHost: slow\r\nX-Slow: {new string('a', 300)}\r\n\r\n";
        var clock = Stopwatch.StartNew();

        var trickle = slow.TrickleAsync(request, Pace);
        using var http = new HttpClient { BaseAddress = factory.ServerAddress };
        using var other = await http.GetAsync("/healthz", GatewayClient.Cancel);
        var sent = await trickle;
        var answer = await slow.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.True(sent < request.Length, $"the whole request went out at {Pace}/byte without the server closing");
        Assert.InRange(clock.Elapsed, ShortTimeoutsGatewayFactory.HeadersTimeout, ShortTimeoutsGatewayFactory.HeadersTimeout * 4);
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodySentBelowTheMinimumRate_IsCutOffWith408()
    {
        using var slow = await RawHttpConnection.OpenAsync(factory.ServerAddress);
        await slow.SendAsync("POST /api/spans HTTP/1.1\r\nHost: slow\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"spans\":[");
        var clock = Stopwatch.StartNew();

        var sent = await slow.TrickleAsync(new string(' ', 1000), Pace);
        var answer = await slow.ReadUntilClosedAsync(TimeSpan.FromSeconds(10));

        Assert.True(sent < 1000, "the slow body was read to the end");
        Assert.InRange(clock.Elapsed, ShortTimeoutsGatewayFactory.GracePeriod, ShortTimeoutsGatewayFactory.GracePeriod * 5);
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("request body", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheDefaults_AreSetOnKestrelExplicitly()
    {
        var kestrel = new KestrelServerOptions();

        new GatewayConnectionLimits(Options.Create(new ConnectionLimitsOptions())).Configure(kestrel);

        Assert.Equal(TimeSpan.FromSeconds(10), kestrel.Limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), kestrel.Limits.KeepAliveTimeout);
        Assert.Equal(240, kestrel.Limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(5), kestrel.Limits.MinRequestBodyDataRate.GracePeriod);
        Assert.Equal(240, kestrel.Limits.MinResponseDataRate!.BytesPerSecond);
        Assert.Equal(10_000, kestrel.Limits.MaxConcurrentConnections);
        Assert.Equal(64 * 1024, kestrel.Limits.MaxRequestBufferSize);
        var transport = new SocketTransportOptions();
        new GatewayConnectionLimits(Options.Create(new ConnectionLimitsOptions())).Configure(transport);
        Assert.Equal(64 * 1024, transport.MaxReadBufferSize);
    }

    [Theory]
    [InlineData(31, false)]
    [InlineData(32, true)]
    public void ARequestBufferSmallerThanKestrelsHeaderLimit_IsRefusedAtStartNamingTheSetting(int kib, bool valid)
    {
        // Kestrel itself would only fail at listen time, with a message that names none of our settings.
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new ConnectionLimitsOptions { MaxRequestBufferKiB = kib };

        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(valid ? [] : [nameof(ConnectionLimitsOptions.MaxRequestBufferKiB)], results.SelectMany(r => r.MemberNames));
    }

    [Fact]
    public void TheRunningGateway_UsesTheConfiguredLimits()
    {
        _ = factory.ServerAddress;
        var kestrel = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(ShortTimeoutsGatewayFactory.HeadersTimeout, kestrel.Limits.RequestHeadersTimeout);
        Assert.Equal(1_000, kestrel.Limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(ShortTimeoutsGatewayFactory.MaxConnections, kestrel.Limits.MaxConcurrentConnections);
        Assert.Equal(48 * 1024, kestrel.Limits.MaxRequestBufferSize);
        Assert.Equal(48 * 1024, factory.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.MaxReadBufferSize);
    }

    /// <summary>The Kestrel gateway with timeouts short enough for a test to outlast.</summary>
    public sealed class ShortTimeoutsGatewayFactory : KestrelGatewayFactory
    {
        public const int MaxConnections = 8;
        public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(2);
        public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);

        protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>(base.ExtraSettings)
        {
            ["TraceFlow:Connections:RequestHeadersTimeout"] = "00:00:02",
            ["TraceFlow:Connections:MinRequestBodyBytesPerSecond"] = "1000",
            ["TraceFlow:Connections:MinDataRateGracePeriod"] = "00:00:02",
            ["TraceFlow:Connections:MaxConcurrentConnections"] = "8",
            ["TraceFlow:Connections:MaxRequestBufferKiB"] = "48",
        };
    }
}
