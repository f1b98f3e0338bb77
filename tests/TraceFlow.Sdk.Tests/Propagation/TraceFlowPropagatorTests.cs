using System.Diagnostics;
using FsCheck.Fluent;
using TraceFlow.Sdk.Propagation;

namespace TraceFlow.Sdk.Tests.Propagation;

public sealed class TraceFlowPropagatorTests
{
    private const string SpecTraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private readonly TraceFlowPropagator _propagator = new();

    [Fact]
    public void Fields_AreTheW3CHeaders() =>
        Assert.Equal(["traceparent", "tracestate", "baggage"], _propagator.Fields);

    [Fact]
    public void Inject_NullActivityOrSetter_WritesNothing()
    {
        var headers = new Dictionary<string, string>();
        using var activity = StartW3C(ActivityTraceFlags.Recorded);

        _propagator.Inject(null, headers, SetDictionary);
        _propagator.Inject(activity, headers, null);

        Assert.Empty(headers);
    }

    [Fact]
    public void Inject_ARecordedW3CActivity_WritesTraceParentWithFlags01()
    {
        var headers = new Dictionary<string, string>();
        using var activity = StartW3C(ActivityTraceFlags.Recorded);

        _propagator.Inject(activity, headers, SetDictionary);

        Assert.Equal($"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-01", headers["traceparent"]);
        Assert.False(headers.ContainsKey("tracestate"));
        Assert.False(headers.ContainsKey("baggage"));
    }

    [Fact]
    public void Inject_AnUnrecordedW3CActivity_WritesFlags00()
    {
        var headers = new Dictionary<string, string>();
        using var activity = StartW3C(ActivityTraceFlags.None);

        _propagator.Inject(activity, headers, SetDictionary);

        Assert.EndsWith("-00", headers["traceparent"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")]
    [InlineData("Bad=State", null)]
    [InlineData("a=1,a=2", null)]
    [InlineData(" , ", null)]
    public void Inject_TheTraceState_IsWrittenOnlyWhenValid(string traceState, string? expected)
    {
        var headers = new Dictionary<string, string>();
        using var activity = StartW3C(ActivityTraceFlags.Recorded);
        activity.TraceStateString = traceState;

        _propagator.Inject(activity, headers, SetDictionary);

        Assert.True(headers.ContainsKey("traceparent"));
        Assert.Equal(expected, headers.GetValueOrDefault("tracestate"));
    }

    [Fact]
    public void Inject_AHierarchicalActivity_WritesOnlyBaggage()
    {
        var headers = new Dictionary<string, string>();
        using var activity = new Activity("hierarchical");
        activity.SetIdFormat(ActivityIdFormat.Hierarchical);
        activity.TraceStateString = "congo=t61rcWkgMzE";
        activity.AddBaggage("userId", "alice");
        activity.Start();

        _propagator.Inject(activity, headers, SetDictionary);

        Assert.Equal(["baggage"], headers.Keys);
        Assert.Equal("userId=alice", headers["baggage"]);
    }

    [Fact]
    public void Inject_Baggage_IsPercentEncodedInActivityOrder()
    {
        var headers = new Dictionary<string, string>();
        using var activity = new Activity("baggage");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.AddBaggage("isProduction", "false");
        activity.AddBaggage("serverNode", "DF 28");
        activity.AddBaggage("userId", "Amélie");
        activity.AddBaggage("odd", "100%,;\"\\=");
        activity.AddBaggage("bad key", "dropped");
        activity.Start();

        _propagator.Inject(activity, headers, SetDictionary);

        Assert.Equal("odd=100%25%2C%3B%22%5C=,userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false", headers["baggage"]);
    }

    [Fact]
    public void Inject_ARepeatedBaggageKey_SendsTheNearestValue()
    {
        var headers = new Dictionary<string, string>();
        using var parent = new Activity("parent");
        parent.SetIdFormat(ActivityIdFormat.W3C);
        parent.AddBaggage("tenant", "outer");
        parent.Start();
        using var child = new Activity("child");
        child.AddBaggage("tenant", "inner");
        child.Start();

        _propagator.Inject(child, headers, SetDictionary);

        Assert.Equal("tenant=inner", headers["baggage"]);
    }

    [Fact]
    public void Inject_TooMuchBaggage_SendsWholeMembersWithinTheLimits()
    {
        var many = new Dictionary<string, string>();
        using var manyItems = new Activity("many");
        for (var i = 0; i < 200; i++)
        {
            manyItems.AddBaggage($"k{i}", "v");
        }

        var large = new Dictionary<string, string>();
        using var largeItems = new Activity("large");
        for (var i = 0; i < 5; i++)
        {
            largeItems.AddBaggage($"k{i}", new string('v', 3000));
        }

        _propagator.Inject(manyItems, many, SetDictionary);
        _propagator.Inject(largeItems, large, SetDictionary);

        Assert.Equal(180, many["baggage"].Split(',').Length);
        Assert.Equal(2, large["baggage"].Split(',').Length);
        Assert.All(large["baggage"].Split(','), member => Assert.Equal(3003, member.Length));
    }

    [Fact]
    public void ExtractTraceIdAndState_NullGetterOrMissingHeader_ReturnsNulls()
    {
        _propagator.ExtractTraceIdAndState(Headers(("traceparent", SpecTraceParent)), null, out var noGetterId, out var noGetterState);
        _propagator.ExtractTraceIdAndState(Headers(("tracestate", "congo=1")), GetDictionary, out var missingId, out var missingState);

        Assert.Null(noGetterId);
        Assert.Null(noGetterState);
        Assert.Null(missingId);
        Assert.Null(missingState);
    }

    [Fact]
    public void ExtractTraceIdAndState_TheSpecExample_ReturnsBoth()
    {
        _propagator.ExtractTraceIdAndState(
            Headers(("traceparent", SpecTraceParent), ("tracestate", "rojo=00f067aa0ba902b7, congo=t61rcWkgMzE")),
            GetDictionary,
            out var traceId,
            out var traceState);

        Assert.Equal(SpecTraceParent, traceId);
        Assert.Equal("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", traceState);
    }

    [Theory]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03", SpecTraceParent)]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-fe", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00")]
    [InlineData("cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-future", SpecTraceParent)]
    [InlineData(" 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\t", SpecTraceParent)]
    public void ExtractTraceIdAndState_AValidHeader_IsReformattedAsVersion00WithTheSampledFlag(string header, string expected)
    {
        _propagator.ExtractTraceIdAndState(Headers(("traceparent", header)), GetDictionary, out var traceId, out _);

        Assert.Equal(expected, traceId);
    }

    [Theory]
    [InlineData("00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra")]
    [InlineData("|abc.1.")]
    [InlineData(SpecTraceParent + "," + SpecTraceParent)] // two fields, as ASP.NET Core joins them
    public void ExtractTraceIdAndState_AnInvalidTraceParent_ReturnsNullsSoANewTraceStarts(string header)
    {
        _propagator.ExtractTraceIdAndState(Headers(("traceparent", header), ("tracestate", "congo=1")), GetDictionary, out var traceId, out var traceState);

        Assert.Null(traceId);
        Assert.Null(traceState);
    }

    [Fact]
    public void ExtractTraceIdAndState_TwoTraceParentValues_ReturnsNulls()
    {
        static void TwoValues(object? carrier, string name, out string? value, out IEnumerable<string>? values)
        {
            value = null;
            values = name == "traceparent" ? [SpecTraceParent, SpecTraceParent] : null;
        }

        _propagator.ExtractTraceIdAndState(null, TwoValues, out var traceId, out var traceState);

        Assert.Null(traceId);
        Assert.Null(traceState);
    }

    [Fact]
    public void ExtractTraceIdAndState_AnInvalidTraceState_KeepsTheTraceParent()
    {
        _propagator.ExtractTraceIdAndState(Headers(("traceparent", SpecTraceParent), ("tracestate", "foo=1,foo=2")), GetDictionary, out var traceId, out var traceState);

        Assert.Equal(SpecTraceParent, traceId);
        Assert.Null(traceState);
    }

    [Fact]
    public void InjectThenExtract_ThroughHttpRequestHeaders_RoundTrips()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/");
        using var activity = StartW3C(ActivityTraceFlags.Recorded);
        activity.TraceStateString = "congo=t61rcWkgMzE";
        activity.AddBaggage("userId", "Amélie");

        _propagator.Inject(activity, request, SetHttpRequest);
        _propagator.ExtractTraceIdAndState(request, GetHttpRequest, out var traceId, out var traceState);
        var baggage = _propagator.ExtractBaggage(request, GetHttpRequest);

        Assert.Equal(activity.Id, traceId);
        Assert.Equal("congo=t61rcWkgMzE", traceState);
        Assert.Equal([new KeyValuePair<string, string?>("userId", "Amélie")], baggage);
    }

    [Fact]
    public void ExtractBaggage_TheSpecExamples_AreDecoded()
    {
        var single = _propagator.ExtractBaggage(Headers(("baggage", "userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false")), GetDictionary);

        Assert.Equal(
            [Pair("isProduction", "false"), Pair("serverNode", "DF 28"), Pair("userId", "Amélie")],
            single);
    }

    [Fact]
    public void ExtractBaggage_WhitespaceAndProperties_AreNotPartOfValues()
    {
        var baggage = _propagator.ExtractBaggage(
            Headers(("baggage", "key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue")),
            GetDictionary);

        Assert.Equal([Pair("key3", "value3"), Pair("key2", "value2"), Pair("key1", "value1")], baggage);
    }

    [Fact]
    public void ExtractBaggage_SeveralFields_AreCombined()
    {
        static void TwoFields(object? carrier, string name, out string? value, out IEnumerable<string>? values)
        {
            value = null;
            values = name == "baggage" ? ["userId=alice", "serverNode=DF%2028,isProduction=false"] : null;
        }

        var baggage = _propagator.ExtractBaggage(null, TwoFields);

        Assert.Equal([Pair("isProduction", "false"), Pair("serverNode", "DF 28"), Pair("userId", "alice")], baggage);
    }

    [Fact]
    public void ExtractBaggage_MalformedMembers_AreSkipped()
    {
        var baggage = _propagator.ExtractBaggage(
            Headers(("baggage", "ok=1,bad key=2,noequals,pct=%zz,quote=\"x\",utf=%FF,eq=a=b, =empty,empty=")),
            GetDictionary);

        Assert.Equal([Pair("empty", ""), Pair("eq", "a=b"), Pair("utf", "\uFFFD"), Pair("ok", "1")], baggage);
    }

    [Fact]
    public void ExtractBaggage_NoneOrNoValidMember_ReturnsNull()
    {
        Assert.Null(_propagator.ExtractBaggage(Headers(), GetDictionary));
        Assert.Null(_propagator.ExtractBaggage(Headers(("baggage", " , bad key=1")), GetDictionary));
        Assert.Null(_propagator.ExtractBaggage(Headers(("baggage", "a=1")), null));
    }

    [Fact]
    public void ExtractBaggage_OverTheLimits_KeepsWholeMembersWithinThem()
    {
        var many = string.Join(',', Enumerable.Range(0, 200).Select(i => $"k{i}=v"));
        var large = string.Join(',', Enumerable.Range(0, 5).Select(i => $"k{i}=" + new string('v', 3000)));

        var fromMany = _propagator.ExtractBaggage(Headers(("baggage", many)), GetDictionary);
        var fromLarge = _propagator.ExtractBaggage(Headers(("baggage", large)), GetDictionary);

        Assert.Equal(180, fromMany?.Count());
        Assert.Equal(["k1", "k0"], fromLarge?.Select(item => item.Key));
    }

    [Fact]
    public void InjectThenExtractBaggage_AnyValues_RoundTrip()
    {
        var item =
            from key in TraceContextGenerators.StringOf(Gen.Elements("abcXYZ019!#$%&'*+-.^_`|~".ToCharArray()), 1, 8)
            from value in TraceContextGenerators.StringOf(TraceContextGenerators.AnyChar.Where(c => !char.IsSurrogate(c)), 0, 20)
            select new KeyValuePair<string, string?>(key, value);
        var samples =
            from count in Gen.Choose(0, 10)
            from items in Gen.ArrayOf(item, count)
            select items;

        PropertyCheck.ForAll(samples, items =>
        {
            var unique = items.DistinctBy(item => item.Key, StringComparer.Ordinal).ToArray();
            var headers = new Dictionary<string, string>();
            using var activity = new Activity("baggage");
            foreach (var item in Enumerable.Reverse(unique))
            {
                activity.AddBaggage(item.Key, item.Value);
            }

            _propagator.Inject(activity, headers, SetDictionary);
            var extracted = _propagator.ExtractBaggage(headers, GetDictionary);

            Assert.Equal(Enumerable.Reverse(unique), extracted ?? []);
        });
    }

    [Fact]
    public void ExtractTraceIdAndState_AnyHeaderValues_NeverThrows()
    {
        var samples =
            from traceParent in TraceContextGenerators.AnyHeader
            from traceState in TraceContextGenerators.AnyHeader
            from asSeveralFields in Gen.Elements(true, false)
            select (traceParent, traceState, asSeveralFields);

        PropertyCheck.ForAll(
            samples,
            sample =>
            {
                var getter = sample.asSeveralFields ? (DistributedContextPropagator.PropagatorGetterCallback)GetSplitOnCommas : GetDictionary;
                var headers = new Dictionary<string, string>();
                if (sample.traceParent is not null)
                {
                    headers["traceparent"] = sample.traceParent;
                    headers["baggage"] = sample.traceParent;
                }

                if (sample.traceState is not null)
                {
                    headers["tracestate"] = sample.traceState;
                }

                _propagator.ExtractTraceIdAndState(headers, getter, out var traceId, out var traceState);
                _ = _propagator.ExtractBaggage(headers, getter)?.ToList();

                if (traceId is null)
                {
                    Assert.Null(traceState);
                }
                else
                {
                    Assert.True(TraceParent.TryParse(traceId, out _));
                    Assert.True(traceState is null || TraceState.TryParse(traceState, out _));
                }
            },
            cases: 2000);
    }

    private static Activity StartW3C(ActivityTraceFlags flags)
    {
        var activity = new Activity("w3c");
        activity.SetIdFormat(ActivityIdFormat.W3C);
        activity.SetParentId(
            ActivityTraceId.CreateFromString("0af7651916cd43dd8448eb211c80319c"),
            ActivitySpanId.CreateFromString("b7ad6b7169203331"),
            flags);
        activity.Start();
        activity.ActivityTraceFlags = flags;
        return activity;
    }

    private static KeyValuePair<string, string?> Pair(string key, string? value) => new(key, value);

    private static Dictionary<string, string> Headers(params (string Name, string Value)[] headers) =>
        headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal);

    private static void SetDictionary(object? carrier, string name, string value) => ((Dictionary<string, string>)carrier!)[name] = value;

    private static void GetDictionary(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        ((Dictionary<string, string>)carrier!).TryGetValue(name, out value);
    }

    // A carrier that reports one field per comma-separated part, as some HTTP stacks do.
    private static void GetSplitOnCommas(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        value = null;
        values = ((Dictionary<string, string>)carrier!).TryGetValue(name, out var joined) ? joined.Split(',') : null;
    }

    private static void SetHttpRequest(object? carrier, string name, string value)
    {
        var request = (HttpRequestMessage)carrier!;
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }

    private static void GetHttpRequest(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        value = null;
        values = ((HttpRequestMessage)carrier!).Headers.TryGetValues(name, out var found) ? found : null;
    }
}
