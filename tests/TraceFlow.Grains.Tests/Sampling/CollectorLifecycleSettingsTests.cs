using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Sampling;

/// <summary>The Collector's lifecycle settings, pasted under <c>TraceFlow:Sampling</c>.</summary>
public sealed class CollectorLifecycleSettingsTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250us", 0.25)]
    [InlineData("0", 0)]
    [InlineData("00:00:07", 7_000)]
    public void GoDurations_Parse(string text, double milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10 s")]
    [InlineData("ten seconds")]
    [InlineData("-5s")]
    [InlineData("5d")]
    public void NonDurations_DoNotParse(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Fact]
    public void CollectorNames_OverrideTheTracesSection()
    {
        var options = Options("""
            {"TraceFlow": {
              "Traces": {"DecisionWait": "00:00:05", "MaxLiveTraces": 7},
              "Sampling": {"decision_wait": "10s", "early_decision_wait": "1s", "num_traces": "50_000",
                           "expected_new_traces_per_sec": 10,
                           "decision_cache": {"sampled_cache_size": 1000, "non_sampled_cache_size": 500}}}}
            """);

        Assert.Equal(TimeSpan.FromSeconds(10), options.DecisionWait);
        Assert.Equal(TimeSpan.FromSeconds(1), options.EarlyDecisionWait);
        Assert.Equal(50_000, options.MaxLiveTraces);
        Assert.Equal(1000, options.KeptDecisionCacheSize);
        Assert.Equal(500, options.DroppedDecisionCacheSize);
    }

    [Fact]
    public void WithoutCollectorNames_TheTracesSectionApplies()
    {
        var options = Options("""{"TraceFlow": {"Traces": {"DecisionWait": "00:00:03", "MaxLiveTraces": 7}}}""");

        Assert.Equal(TimeSpan.FromSeconds(3), options.DecisionWait);
        Assert.Equal(7, options.MaxLiveTraces);
    }

    [Fact]
    public void BadCollectorValues_FailNamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options("""{"TraceFlow": {"Sampling": {"decision_wait": "soon", "num_traces": -1}}}"""));

        Assert.Contains("TraceFlow:Sampling:decision_wait: 'soon' is not a duration", error.Message, StringComparison.Ordinal);
        Assert.Contains("TraceFlow:Sampling:num_traces: '-1' is not a positive whole number", error.Message, StringComparison.Ordinal);
    }

    private static TraceGrainOptions Options(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddTraceFlowOptions();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TraceGrainOptions>>().Value;
    }
}
