using TraceFlow.Gateway.Query.Jaeger;

namespace TraceFlow.Gateway.Tests.Query.Jaeger;

public sealed class GoFormatsTests
{
    [Theory]
    [InlineData("1.2s", 1_200_000_000)]
    [InlineData("100ms", 100_000_000)]
    [InlineData("500us", 500_000)]
    [InlineData("500\u00b5s", 500_000)]
    [InlineData("500\u03bcs", 500_000)]
    [InlineData("15ns", 15)]
    [InlineData("1m", 60_000_000_000)]
    [InlineData("1h30m", 5_400_000_000_000)]
    [InlineData("0", 0)]
    [InlineData(".5s", 500_000_000)]
    [InlineData("1.s", 1_000_000_000)]
    [InlineData("+2ms", 2_000_000)]
    [InlineData("-1s", -1_000_000_000)]
    [InlineData("1.0000000001s", 1_000_000_000)]
    [InlineData("2562047h", 9_223_369_200_000_000_000)]
    public void TryParseDuration_GoSyntax_GivesNanoseconds(string text, long expected)
    {
        Assert.True(GoFormats.TryParseDuration(text, out var nanos));
        Assert.Equal(expected, nanos);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("ms")]
    [InlineData("1x")]
    [InlineData("1.2.3s")]
    [InlineData("--1s")]
    [InlineData(".s")]
    [InlineData(" 1s")]
    [InlineData("1s ")]
    [InlineData("2562048h")]
    [InlineData("99999999999999999999999ns")]
    public void TryParseDuration_NotGoSyntaxOrOverflowing_IsRefused(string text)
    {
        Assert.False(GoFormats.TryParseDuration(text, out _));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("T", true)]
    [InlineData("1", true)]
    [InlineData("False", false)]
    [InlineData("0", false)]
    public void TryParseBool_GoSpellings_AreRead(string text, bool expected)
    {
        Assert.True(GoFormats.TryParseBool(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("tRuE")]
    [InlineData("")]
    public void TryParseBool_OtherText_IsRefused(string text)
    {
        Assert.False(GoFormats.TryParseBool(text, out _));
    }
}
