using TraceFlow.LoadGen.Cli;
using TraceFlow.LoadGen.Running;
using TraceFlow.LoadGen.Tests.Infrastructure;

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
}
