using System.Diagnostics;
using System.Net.Http.Headers;
using FsCheck;
using FsCheck.Fluent;
using TraceFlow.Sdk.Propagation;

namespace TraceFlow.Sdk.Tests.Propagation;

public sealed class TraceContextPropagatorTests
{
    private const string SpecTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static readonly TraceContextPropagator Propagator = TraceContextPropagator.Instance;

    [Fact]
    public void Inject_ANullSetter_Throws() =>
        Assert.Throws<ArgumentNullException>("setter", () => Propagator.Inject(SpecContext(), new Dictionary<string, string>(), null!));

    [Fact]
    public void Extract_ANullGetter_Throws() =>
        Assert.Throws<ArgumentNullException>("getter", () => Propagator.Extract(new Dictionary<string, string>(), null!));

    [Fact]
    public void HeaderNames_AreTheSpecsLowercaseNames()
    {
        Assert.Equal("traceparent", TraceContextPropagator.TraceParentHeader);
        Assert.Equal("tracestate", TraceContextPropagator.TraceStateHeader);
    }

    [Fact]
    public void Inject_TheSpecExample_WritesBothHeaders()
    {
        var headers = new Dictionary<string, string>();

        Propagator.Inject(SpecContext("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"), headers, SetDictionary);

        Assert.Equal(SpecTraceParent, headers["traceparent"]);
        Assert.Equal("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", headers["tracestate"]);
    }

    [Fact]
    public void Inject_ANotRecordedContext_WritesFlags00()
    {
        var headers = new Dictionary<string, string>();
        var context = new ActivityContext(SpecContext().TraceId, SpecContext().SpanId, ActivityTraceFlags.None);

        Propagator.Inject(context, headers, SetDictionary);

        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", headers["traceparent"]);
        Assert.False(headers.ContainsKey("tracestate"));
    }

    [Fact]
    public void Inject_UndefinedFlagBits_AreSentAsZero()
    {
        var headers = new Dictionary<string, string>();
        var context = new ActivityContext(SpecContext().TraceId, SpecContext().SpanId, (ActivityTraceFlags)0xff);

        Propagator.Inject(context, headers, SetDictionary);

        Assert.Equal(SpecTraceParent, headers["traceparent"]);
    }

    [Fact]
    public void Inject_ADefaultContext_WritesNothing()
    {
        var headers = new Dictionary<string, string>();

        Propagator.Inject(default(ActivityContext), headers, SetDictionary);

        Assert.Empty(headers);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bad=State")]
    [InlineData("a=1,a=2")]
    public void Inject_AnEmptyOrInvalidTraceState_WritesOnlyTraceParent(string traceState)
    {
        var headers = new Dictionary<string, string>();

        Propagator.Inject(SpecContext(traceState), headers, SetDictionary);

        Assert.Equal(SpecTraceParent, headers["traceparent"]);
        Assert.False(headers.ContainsKey("tracestate"));
    }

    [Fact]
    public void Inject_ATraceStateWithWhitespace_WritesItNormalised()
    {
        var headers = new Dictionary<string, string>();

        Propagator.Inject(SpecContext(" rojo=1 , ,congo=2\t"), headers, SetDictionary);

        Assert.Equal("rojo=1,congo=2", headers["tracestate"]);
    }

    [Fact]
    public void Extract_TheSpecExample_ReturnsARemoteContext()
    {
        var context = Propagator.Extract(
            Headers(("traceparent", SpecTraceParent), ("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")),
            GetDictionary);

        Assert.NotNull(context);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.Value.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", context.Value.SpanId.ToHexString());
        Assert.Equal(ActivityTraceFlags.Recorded, context.Value.TraceFlags);
        Assert.Equal("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", context.Value.TraceState);
        Assert.True(context.Value.IsRemote);
    }

    [Theory]
    [InlineData("00", ActivityTraceFlags.None)]
    [InlineData("01", ActivityTraceFlags.Recorded)]
    [InlineData("02", ActivityTraceFlags.None)]
    [InlineData("03", ActivityTraceFlags.Recorded)]
    [InlineData("ff", ActivityTraceFlags.Recorded)]
    public void Extract_AnyFlags_KeepsOnlyTheSampledBit(string flags, ActivityTraceFlags expected)
    {
        var context = Propagator.Extract(Headers(("traceparent", SpecTraceParent[..^2] + flags)), GetDictionary);

        Assert.Equal(expected, context?.TraceFlags);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01,00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    public void Extract_AMissingOrInvalidTraceParent_ReturnsNull(string? traceParent)
    {
        var headers = traceParent is null ? Headers(("tracestate", "congo=t61rcWkgMzE")) : Headers(("traceparent", traceParent), ("tracestate", "congo=t61rcWkgMzE"));

        Assert.Null(Propagator.Extract(headers, GetDictionary));
    }

    [Fact]
    public void Extract_TwoTraceParentFields_ReturnsNull()
    {
        IEnumerable<string>? TwoValues(object _, string name) => name == "traceparent" ? [SpecTraceParent, SpecTraceParent] : null;

        Assert.Null(Propagator.Extract(new object(), TwoValues));
    }

    [Fact]
    public void Extract_TwoTraceParentHttpHeaders_ReturnsNull()
    {
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("traceparent", SpecTraceParent);
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01");

        Assert.Null(Propagator.Extract(request.Headers, GetHttpHeaders));
    }

    [Theory]
    [InlineData("Bad=1")]
    [InlineData("a=1,a=2")]
    [InlineData("a=1,b")]
    public void Extract_AnInvalidTraceState_IsDroppedButTheTraceParentKept(string traceState)
    {
        var context = Propagator.Extract(Headers(("traceparent", SpecTraceParent), ("tracestate", traceState)), GetDictionary);

        Assert.NotNull(context);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", context.Value.TraceId.ToHexString());
        Assert.Null(context.Value.TraceState);
    }

    [Theory]
    [InlineData(" 00-12345678901234567890123456789012-1234567890123456-01")]
    [InlineData("\t00-12345678901234567890123456789012-1234567890123456-01")]
    [InlineData("00-12345678901234567890123456789012-1234567890123456-01 ")]
    [InlineData("00-12345678901234567890123456789012-1234567890123456-01\t")]
    [InlineData("\t 00-12345678901234567890123456789012-1234567890123456-01 \t")]
    public void Extract_OptionalWhitespaceAroundTheTraceParent_IsIgnored(string traceParent)
    {
        var context = Propagator.Extract(Headers(("traceparent", traceParent)), GetDictionary);

        Assert.Equal("12345678901234567890123456789012", context?.TraceId.ToHexString());
    }

    [Fact]
    public void Extract_AFutureVersion_ReadsTheKnownFields()
    {
        var context = Propagator.Extract(
            Headers(("traceparent", "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-the-future-will-be-like")),
            GetDictionary);

        Assert.Equal("b7ad6b7169203331", context?.SpanId.ToHexString());
    }

    [Fact]
    public void Extract_SeveralTraceStateFields_AreCombined()
    {
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("traceparent", SpecTraceParent);
        request.Headers.TryAddWithoutValidation("tracestate", "rojo=00f067aa0ba902b7");
        request.Headers.TryAddWithoutValidation("tracestate", "congo=t61rcWkgMzE");

        var context = Propagator.Extract(request.Headers, GetHttpHeaders);

        Assert.Equal("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", context?.TraceState);
    }

    [Fact]
    public void Extract_AnEmptyTraceState_IsNull()
    {
        var context = Propagator.Extract(Headers(("traceparent", SpecTraceParent), ("tracestate", " , ")), GetDictionary);

        Assert.NotNull(context);
        Assert.Null(context.Value.TraceState);
    }

    [Fact]
    public void Extract_MixedCaseHeaderNames_DependOnTheCarrier()
    {
        using var request = new HttpRequestMessage();
        request.Headers.TryAddWithoutValidation("TraceParent", SpecTraceParent);
        var ordinal = new Dictionary<string, string>(StringComparer.Ordinal) { ["TraceParent"] = SpecTraceParent };
        var ignoreCase = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["TraceParent"] = SpecTraceParent };

        Assert.NotNull(Propagator.Extract(request.Headers, GetHttpHeaders));
        Assert.NotNull(Propagator.Extract(ignoreCase, GetDictionary));
        Assert.Null(Propagator.Extract(ordinal, GetDictionary));
    }

    [Fact]
    public void InjectThenExtract_ThroughADictionary_RoundTrips() =>
        PropertyCheck.ForAll(Contexts(), expected =>
        {
            var headers = new Dictionary<string, string>();

            Propagator.Inject(expected, headers, SetDictionary);
            var actual = Propagator.Extract(headers, GetDictionary);

            AssertSameContext(expected, actual);
        });

    [Fact]
    public void InjectThenExtract_ThroughHttpRequestHeaders_RoundTrips() =>
        PropertyCheck.ForAll(Contexts(), expected =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/");

            Propagator.Inject(expected, request.Headers, SetHttpHeaders);
            var actual = Propagator.Extract(request.Headers, GetHttpHeaders);

            AssertSameContext(expected, actual);
        });

    [Fact]
    public void Inject_Twice_ReplacesTheHeaders()
    {
        using var request = new HttpRequestMessage();
        Propagator.Inject(SpecContext("congo=1"), request.Headers, SetHttpHeaders);

        Propagator.Inject(SpecContext("rojo=2"), request.Headers, SetHttpHeaders);

        Assert.Equal("rojo=2", Propagator.Extract(request.Headers, GetHttpHeaders)?.TraceState);
    }

    [Fact]
    public void Extract_AnyHeaderValues_NeverThrows()
    {
        var samples =
            from traceParent in TraceContextGenerators.AnyHeader
            from traceState in TraceContextGenerators.AnyHeader
            select (traceParent, traceState);

        PropertyCheck.ForAll(
            samples,
            sample =>
            {
                var headers = new Dictionary<string, string>();
                if (sample.traceParent is not null)
                {
                    headers["traceparent"] = sample.traceParent;
                }

                if (sample.traceState is not null)
                {
                    headers["tracestate"] = sample.traceState;
                }

                var context = Propagator.Extract(headers, GetDictionary);

                Assert.Equal(TraceParent.TryParse(sample.traceParent?.Trim(' ', '\t'), out _), context.HasValue);
            },
            cases: 2000);
    }

    private static ActivityContext SpecContext(string? traceState = null) => new(
        ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c"),
        ActivitySpanId.CreateFromString("b7ad6b7169203331"),
        ActivityTraceFlags.Recorded,
        traceState);

    private static Gen<ActivityContext> Contexts() =>
        from traceId in TraceContextGenerators.TraceId
        from spanId in TraceContextGenerators.SpanId
        from recorded in Gen.Elements(true, false)
        from members in TraceContextGenerators.Members(0, 4)
        select new ActivityContext(
            ActivityTraceId.CreateFromString(traceId),
            ActivitySpanId.CreateFromString(spanId),
            recorded ? ActivityTraceFlags.Recorded : ActivityTraceFlags.None,
            members.Length == 0 ? null : string.Join(',', members.Select(m => m.Key + "=" + m.Value)));

    private static void AssertSameContext(ActivityContext expected, ActivityContext? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.TraceId, actual.Value.TraceId);
        Assert.Equal(expected.SpanId, actual.Value.SpanId);
        Assert.Equal(expected.TraceFlags, actual.Value.TraceFlags);
        Assert.Equal(expected.TraceState, actual.Value.TraceState);
        Assert.True(actual.Value.IsRemote);
    }

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal);

    private static void SetDictionary(Dictionary<string, string> headers, string name, string value) => headers[name] = value;

    private static IEnumerable<string>? GetDictionary(Dictionary<string, string> headers, string name) =>
        headers.TryGetValue(name, out var value) ? [value] : null;

    private static void SetHttpHeaders(HttpRequestHeaders headers, string name, string value)
    {
        headers.Remove(name);
        headers.TryAddWithoutValidation(name, value);
    }

    private static IEnumerable<string>? GetHttpHeaders(HttpRequestHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values : null;
}
