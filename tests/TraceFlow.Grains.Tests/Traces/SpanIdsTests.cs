using TraceFlow.Grains.Traces;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class SpanIdsTests
{
    [Theory]
    [InlineData("trace-1", "trace-1")]
    [InlineData("4BF92F3577B34DA6A3CE929D0E0E4736", "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("00F067AA0BA902B7", "00f067aa0ba902b7")]
    [InlineData("ABC", "ABC")]
    public void Normalize_AcceptsSeedAndW3CIds(string raw, string expected) => Assert.Equal(expected, SpanIds.Normalize(raw, out _));

    [Theory]
    [InlineData("", "non-empty")]
    [InlineData("00000000000000000000000000000000", "all zeros")]
    [InlineData("a/b", "may only contain")]
    [InlineData("<script>", "may only contain")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234", "at most 64")]
    public void Normalize_RejectsUnusableIds(string raw, string reason)
    {
        Assert.Null(SpanIds.Normalize(raw, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
