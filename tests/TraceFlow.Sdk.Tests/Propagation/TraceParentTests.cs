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

    [Fact]
    public void TryParse_TheSpecHeaderExample_RoundTrips()
    {
        const string header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        Assert.True(TraceParent.TryParse(header, out var parsed));

        Assert.Equal(new TraceParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", 0x01), parsed.Value);
        Assert.Equal(header, parsed.Value.ToString());
    }

    [Fact]
    public void TryParse_TheSpecNotSampledExample_IsNotSampled()
    {
        Assert.True(TraceParent.TryParse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00", out var parsed));

        Assert.False(parsed.Value.Sampled);
    }

    [Theory]
    [InlineData("01", true)]
    [InlineData("03", true)]
    [InlineData("09", true)]
    [InlineData("02", false)]
    [InlineData("fe", false)]
    public void Sampled_FlagsByte_ReadsOnlyTheSampledBit(string flags, bool sampled)
    {
        Assert.True(TraceParent.TryParse($"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-{flags}", out var parsed));

        Assert.Equal(sampled, parsed.Value.Sampled);
    }

    [Theory]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds")]
    [InlineData("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-")]
    public void TryParse_AFutureVersion_ReadsTheKnownFields(string header)
    {
        Assert.True(TraceParent.TryParse(header, out var parsed));

        Assert.Equal("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", parsed.Value.ToString());
    }

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
    [InlineData(" 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")] // whitespace is the header reader's job
    public void TryParse_AnInvalidHeader_IsRefused(string? header) => Assert.False(TraceParent.TryParse(header, out _));

    // The invalid inputs of the W3C test suite (test/test.py), which all must start a new trace.
    [Theory]
    [InlineData("00-12345678901234567890123456789012-1234567890123456-01.")]
    [InlineData("00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like")]
    [InlineData("cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like")]
    [InlineData("ff-12345678901234567890123456789012-1234567890123456-01")]
    [InlineData(".0-12345678901234567890123456789012-1234567890123456-01")]
    [InlineData("0.-12345678901234567890123456789012-1234567890123456-01")]
    [InlineData("000-12345678901234567890123456789012-1234567890123456-01")]
    [InlineData("0000-12345678901234567890123456789012-1234567890123456-01")]
    [InlineData("0-12345678901234567890123456789012-1234567890123456-01")]
    [InlineData("00-00000000000000000000000000000000-1234567890123456-01")]
    [InlineData("00-.2345678901234567890123456789012-1234567890123456-01")]
    [InlineData("00-1234567890123456789012345678901.-1234567890123456-01")]
    [InlineData("00-123456789012345678901234567890123-1234567890123456-01")]
    [InlineData("00-1234567890123456789012345678901-1234567890123456-01")]
    [InlineData("00-12345678901234567890123456789012-0000000000000000-01")]
    [InlineData("00-12345678901234567890123456789012-.234567890123456-01")]
    [InlineData("00-12345678901234567890123456789012-123456789012345.-01")]
    [InlineData("00-12345678901234567890123456789012-12345678901234567-01")]
    [InlineData("00-12345678901234567890123456789012-123456789012345-01")]
    [InlineData("00-12345678901234567890123456789012-1234567890123456-.0")]
    [InlineData("00-12345678901234567890123456789012-1234567890123456-0.")]
    [InlineData("00-12345678901234567890123456789012-1234567890123456-001")]
    [InlineData("00-12345678901234567890123456789012-1234567890123456-1")]
    public void TryParse_TheW3CTestSuiteInvalidHeaders_AreRefused(string header) => Assert.False(TraceParent.TryParse(header, out _));

    [Theory]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736", true)]
    [InlineData("00000000000000000000000000000000", false)]
    [InlineData("4BF92F3577B34DA6A3CE929D0E0E4736", false)]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e473", false)]
    [InlineData("", false)]
    public void IsValidTraceId_Candidates_FollowTheGrammar(string traceId, bool valid) =>
        Assert.Equal(valid, TraceParent.IsValidTraceId(traceId));

    [Theory]
    [InlineData("00f067aa0ba902b7", true)]
    [InlineData("0000000000000000", false)]
    [InlineData("00F067AA0BA902B7", false)]
    [InlineData("00f067aa0ba902b", false)]
    [InlineData("", false)]
    public void IsValidParentId_Candidates_FollowTheGrammar(string parentId, bool valid) =>
        Assert.Equal(valid, TraceParent.IsValidParentId(parentId));

    [Fact]
    public void TryParse_AnyValidFields_RoundTripThroughToString() =>
        PropertyCheck.ForAll(TraceContextGenerators.ValidTraceParent, parent =>
        {
            var header = parent.ToString();

            Assert.Equal(TraceParent.Length, header.Length);
            Assert.True(TraceParent.TryParse(header, out var parsed));
            Assert.Equal(parent, parsed.Value);
        });

    [Fact]
    public void TryParse_AnyFutureVersion_ReadsTheSameFields() =>
        PropertyCheck.ForAll(TraceContextGenerators.FutureVersionTraceParent, sample =>
        {
            Assert.True(TraceParent.TryParse(sample.Header, out var parsed), sample.Header);
            Assert.Equal(sample.Expected, parsed.Value);
        });

    [Fact]
    public void TryParse_AnyMalformedHeader_IsRefused() =>
        PropertyCheck.ForAll(
            TraceContextGenerators.InvalidTraceParent,
            header => Assert.False(TraceParent.TryParse(header, out _), header),
            cases: 2000);

    [Fact]
    public void TryParse_AnyString_NeverThrowsAndOnlyAcceptsValidFields() =>
        PropertyCheck.ForAll(
            TraceContextGenerators.AnyHeader,
            header =>
            {
                if (TraceParent.TryParse(header, out var parsed))
                {
                    Assert.True(TraceParent.IsValidTraceId(parsed.Value.TraceId));
                    Assert.True(TraceParent.IsValidParentId(parsed.Value.ParentId));
                    Assert.StartsWith(parsed.Value.ToString()[2..], header![2..], StringComparison.Ordinal);
                }
            },
            cases: 2000);
}
