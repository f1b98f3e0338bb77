using TraceFlow.Gateway.Query.Jaeger.V3;

namespace TraceFlow.Gateway.Tests.Query.Jaeger.V3;

public sealed class Rfc3339Tests
{
    private const long NewYear2026 = 1_767_225_600_000_000_000;

    [Theory]
    [InlineData("2026-01-01T00:00:00Z", NewYear2026)]
    [InlineData("2026-01-01T00:00:00.123456789Z", NewYear2026 + 123_456_789)]
    [InlineData("2026-01-01T00:00:00.5Z", NewYear2026 + 500_000_000)]
    [InlineData("2026-01-01T01:00:00+01:00", NewYear2026)]
    [InlineData("2026-01-01T01:00:00 01:00", NewYear2026)]
    [InlineData("2025-12-31T19:00:00-05:00", NewYear2026)]
    public void TryParseUnixNanos_Rfc3339Nano_KeepsNanoseconds(string text, long expected)
    {
        Assert.True(Rfc3339.TryParseUnixNanos(text, out var nanos));
        Assert.Equal(expected, nanos);
    }

    [Theory]
    [InlineData("2026-01-01")]
    [InlineData("yesterday")]
    [InlineData("2026-02-30T00:00:00Z")]
    [InlineData("2026-01-01T00:00:00")]
    [InlineData("1767225600")]
    public void TryParseUnixNanos_OtherText_IsRefused(string text)
    {
        Assert.False(Rfc3339.TryParseUnixNanos(text, out _));
    }
}
