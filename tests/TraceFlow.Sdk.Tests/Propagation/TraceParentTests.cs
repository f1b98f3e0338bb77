using TraceFlow.Sdk.Propagation;

namespace TraceFlow.Sdk.Tests.Propagation;

/// <summary>Cases from the W3C Trace Context specification's examples and its test suite's categories.</summary>
public sealed class TraceParentTests
{
    [Fact]
    public void TryParse_TheSpecExample_ReadsEveryField()
    {
        Assert.True(TraceParent.TryParse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", out var parsed));

        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", parsed.Value.TraceId);
        Assert.Equal("00f067aa0ba902b7", parsed.Value.ParentId);
        Assert.True(parsed.Value.Sampled);
        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", parsed.Value.ToString());
    }

    [Theory]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds")]
    public void TryParse_AFutureVersion_ReadsTheKnownFields(string header) => Assert.True(TraceParent.TryParse(header, out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // version ff
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01")] // uppercase
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01")] // zero trace id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01")] // zero parent id
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01")] // 54 chars
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011")] // 56 chars for v00
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x")] // v00 with extra field
    [InlineData("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // bad separator
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e47zz-00f067aa0ba902b7-01")] // not hex
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x")] // future version, no dash after flags
    public void TryParse_AnInvalidHeader_IsRefused(string? header) => Assert.False(TraceParent.TryParse(header, out _));
}
