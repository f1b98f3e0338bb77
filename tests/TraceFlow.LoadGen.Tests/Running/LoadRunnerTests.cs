using TraceFlow.LoadGen.Cli;
using TraceFlow.LoadGen.Running;
using TraceFlow.LoadGen.Tests.Infrastructure;
using TraceFlow.LoadGen.Verification;

namespace TraceFlow.LoadGen.Tests.Running;

/// <summary>A few seconds of load against the real gateway, per protocol: nothing lost, nothing failed.</summary>
public sealed class LoadRunnerTests(LiveGatewayFactory gateway) : IClassFixture<LiveGatewayFactory>
{
    [Theory]
    [InlineData("json")]
    [InlineData("otlp-http")]
    [InlineData("otlp-grpc")]
    public async Task Run_AgainstRealGateway_AcceptsEverySpanOffered(string protocolName)
    {
        Assert.True(OptionsParser.TryParse(["--protocol", protocolName], out var parsed, out _));
        var protocol = parsed.Protocol;
        gateway.EnsureStarted();
        var options = new LoadGenOptions
        {
            Target = gateway.MainAddress,
            GrpcTarget = gateway.OtlpGrpcAddress,
            OtlpHttpTarget = gateway.OtlpHttpAddress,
            Protocol = protocol,
            Duration = TimeSpan.FromSeconds(2),
            Rate = 2000,
            BatchSpans = 100,
            Connections = 2,
            ErrorFraction = 0.05,
            SlowFraction = 0.05,
            Seed = 11,
        };
        using var output = new StringWriter();

        var result = await new LoadRunner(options, output, TimeProvider.System).RunAsync(TestContext.Current.CancellationToken);

        var totals = result.Summary.Totals;
        Assert.True(totals.Offered > 1000, $"offered {totals.Offered}");
        Assert.Equal(totals.Offered, totals.Accepted);
        Assert.Equal((0L, 0L, 0L), (totals.Rejected, totals.Shed, totals.Errors));
        Assert.All(result.Traces, t => Assert.Equal(t.SpanCount, t.AcceptedSpans));
        Assert.Equal(totals.Offered, result.Traces.Sum(t => (long)t.SpanCount));
        Assert.InRange(result.Summary.OfferedPerSecond, 1000, 3000);
        Assert.Contains("offered", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_AfterARun_FindsEveryKeptTraceWholeInTheStore()
    {
        gateway.EnsureStarted();
        var options = new LoadGenOptions
        {
            Target = gateway.MainAddress,
            GrpcTarget = gateway.OtlpGrpcAddress,
            OtlpHttpTarget = gateway.OtlpHttpAddress,
            Duration = TimeSpan.FromSeconds(2),
            Rate = 1000,
            BatchSpans = 100,
            Connections = 2,
            Seed = 5,
        };
        var result = await new LoadRunner(options, new StringWriter(), TimeProvider.System).RunAsync(TestContext.Current.CancellationToken);
        var sent = result.Traces.Select(t => new SentTrace(t.Id.ToString(), t.SpanCount, t.AcceptedSpans)).ToList();
        using var http = new HttpClient { BaseAddress = gateway.MainAddress };

        var report = await new LossVerifier(http, TimeProvider.System).VerifyAsync(sent, TimeSpan.FromSeconds(30), 4, TestContext.Current.CancellationToken);

        // The local profile keeps every trace, so every trace sent whole must be stored whole.
        Assert.True(report.Drained);
        Assert.Equal(sent.Count(t => t.AcceptedSpans == t.SpanCount), report.StoredTraces);
        Assert.Equal(report.SpansSentForStoredTraces, report.SpansStored);
        Assert.Equal(result.Summary.Totals.Accepted, report.SpansStored);
    }
}
