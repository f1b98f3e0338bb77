using TraceFlow.LoadGen.Cli;

namespace TraceFlow.LoadGen.Tests.Cli;

public sealed class OptionsParserTests
{
    [Fact]
    public void TryParse_ReadsEveryOption()
    {
        string[] args =
        [
            "--target", "http://127.0.0.1:19411", "--protocol", "otlp-grpc", "--duration", "2.5", "--rate", "1000",
            "--spans-per-trace", "7", "--services", "3", "--attributes", "4", "--error-fraction", "0.1", "--slow-fraction", "0.2",
            "--batch-spans", "64", "--connections", "2", "--interleave", "16", "--json-out", "r.json", "--traces-out", "t.tsv",
            "--grpc-target", "http://127.0.0.1:14317", "--otlp-http-target", "http://127.0.0.1:14318", "--ignore-retry-after",
        ];
        Assert.True(OptionsParser.TryParse(args, out var o, out var errors), string.Join("; ", errors));
        Assert.Equal(Protocol.OtlpGrpc, o.Protocol);
        Assert.Equal(TimeSpan.FromSeconds(2.5), o.Duration);
        Assert.Equal((1000d, 7, 3, 4, 0.1, 0.2, 64, 2, 16), (o.Rate, o.SpansPerTrace, o.Services, o.Attributes, o.ErrorFraction, o.SlowFraction, o.BatchSpans, o.Connections, o.Interleave));
        Assert.Equal(("r.json", "t.tsv"), (o.JsonOut, o.TracesOut));
        Assert.Equal(new Uri("http://127.0.0.1:14317"), o.EffectiveGrpcTarget);
        Assert.Equal(new Uri("http://127.0.0.1:14318"), o.EffectiveOtlpHttpTarget);
        Assert.True(o.IgnoreRetryAfter);
    }

    [Fact]
    public void TryParse_Defaults_DeriveOtlpTargetsFromTarget()
    {
        Assert.True(OptionsParser.TryParse(["--target", "http://10.0.0.5:9411"], out var o, out _));
        Assert.Equal(new Uri("http://10.0.0.5:4317/"), o.EffectiveGrpcTarget);
        Assert.Equal(new Uri("http://10.0.0.5:9411"), o.EffectiveOtlpHttpTarget);
        Assert.Equal(Protocol.Json, o.Protocol);
        Assert.False(o.IgnoreRetryAfter);
    }

    [Fact]
    public void TryParse_InvalidValues_ReportsEachProblem()
    {
        Assert.False(OptionsParser.TryParse(
            ["--protocol", "thrift", "--rate", "-5", "--error-fraction", "1.5", "--connections", "0", "--target", "ftp://x", "--bogus", "1", "--interleave"],
            out _,
            out var errors));
        Assert.Contains(errors, e => e.Contains("--protocol must be json, otlp-http or otlp-grpc", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--rate must be a number from 0", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--error-fraction", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--connections must be an integer from 1 to 10000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--target must be an absolute http", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown option '--bogus'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--interleave needs a value", StringComparison.Ordinal));
    }
}
