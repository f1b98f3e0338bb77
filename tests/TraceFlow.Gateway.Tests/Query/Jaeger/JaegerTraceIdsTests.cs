using TraceFlow.Gateway.Query.Jaeger;

namespace TraceFlow.Gateway.Tests.Query.Jaeger;

public sealed class JaegerTraceIdsTests
{
    [Theory]
    [InlineData("000000000000000000000000000000a1", "00000000000000a1")]
    [InlineData("0af7651916cd43dd8448eb211c80319c", "0af7651916cd43dd8448eb211c80319c")]
    [InlineData("trace-1", "trace-1")]
    public void ToJaeger_PrintsTheLowHalfOnlyWhenTheHighHalfIsZero(string stored, string expected)
    {
        Assert.Equal(expected, JaegerTraceIds.ToJaeger(stored));
    }

    [Theory]
    [InlineData("463ac35c9f6413ad", "0000000000000000463ac35c9f6413ad")]
    [InlineData("0af7651916cd43dd8448eb211c80319c", "0af7651916cd43dd8448eb211c80319c")]
    [InlineData("trace-1", "trace-1")]
    public void ToOtlp_PadsSixteenDigitIdsTo32(string stored, string expected)
    {
        Assert.Equal(expected, JaegerTraceIds.ToOtlp(stored));
    }

    [Fact]
    public void Parse_SixteenHexDigits_AlsoLooksUpThePadded32DigitId()
    {
        var lookup = JaegerTraceIds.Parse("00000000000000A1", out _);

        Assert.NotNull(lookup);
        Assert.Equal("00000000000000a1", lookup.Requested);
        Assert.Contains("000000000000000000000000000000a1", lookup.Candidates);
    }

    [Fact]
    public void Parse_Base64Id_LooksUpItsHex()
    {
        var base64 = Convert.ToBase64String(Convert.FromHexString("0af7651916cd43dd8448eb211c80319c"));

        var lookup = JaegerTraceIds.Parse(base64, out _);

        Assert.NotNull(lookup);
        Assert.Contains("0af7651916cd43dd8448eb211c80319c", lookup.Candidates);
    }

    [Theory]
    [InlineData("<script>")]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("")]
    public void Parse_InvalidId_GivesAReason(string id)
    {
        Assert.Null(JaegerTraceIds.Parse(id, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
