using FsCheck.Fluent;
using TraceFlow.Sdk.Propagation;

namespace TraceFlow.Sdk.Tests.Propagation;

/// <summary>
/// The tracestate rules of W3C Trace Context Level 1: the spec's examples, the W3C test suite's
/// tracestate cases, and properties over generated lists.
/// </summary>
public sealed class TraceStateTests
{
    [Fact]
    public void Set_ANullKeyOrValue_Throws()
    {
        Assert.Throws<ArgumentNullException>("key", () => TraceState.Empty.Set(null!, "v"));
        Assert.Throws<ArgumentNullException>("value", () => TraceState.Empty.Set("k", null!));
        Assert.Throws<ArgumentNullException>("key", () => TraceState.Empty.Remove(null!));
        Assert.Throws<ArgumentNullException>("key", () => TraceState.Empty.Get(null!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("foo.bar")]
    [InlineData("1simple")]
    public void Set_AnInvalidKey_ThrowsNamingTheKey(string candidate) =>
        Assert.Throws<ArgumentException>("key", () => TraceState.Empty.Set(candidate, "v"));

    [Theory]
    [InlineData("")]
    [InlineData("trailing ")]
    [InlineData("a,b")]
    [InlineData("a=b")]
    [InlineData("tab\there")]
    public void Set_AnInvalidValue_ThrowsNamingTheValue(string candidate) =>
        Assert.Throws<ArgumentException>("value", () => TraceState.Empty.Set("k", candidate));

    [Theory]
    [InlineData("a", true)]
    [InlineData("a0_-*/", true)]
    [InlineData("0@a", true)]
    [InlineData("tenant@system", true)]
    [InlineData("", false)]
    [InlineData("0", false)]
    [InlineData("_a", false)]
    [InlineData("aB", false)]
    [InlineData("a b", false)]
    [InlineData("a.b", false)]
    [InlineData("a@", false)]
    [InlineData("@a", false)]
    [InlineData("a@0", false)]
    [InlineData("a@b@c", false)]
    [InlineData("é", false)]
    public void IsValidKey_Candidates_FollowTheGrammar(string candidate, bool valid) =>
        Assert.Equal(valid, TraceState.IsValidKey(candidate));

    [Theory]
    [InlineData("v", true)]
    [InlineData(" v", true)]
    [InlineData("a b", true)]
    [InlineData("!~", true)]
    [InlineData("", false)]
    [InlineData(" ", false)]
    [InlineData("v ", false)]
    [InlineData("a,b", false)]
    [InlineData("a=b", false)]
    [InlineData("a\tb", false)]
    [InlineData("a\u007fb", false)]
    [InlineData("é", false)]
    public void IsValidValue_Candidates_FollowTheGrammar(string candidate, bool valid) =>
        Assert.Equal(valid, TraceState.IsValidValue(candidate));

    [Fact]
    public void IsValidKeyAndValue_LengthLimits_Are256()
    {
        Assert.True(TraceState.IsValidKey(new string('k', TraceState.MaxKeyLength)));
        Assert.False(TraceState.IsValidKey(new string('k', TraceState.MaxKeyLength + 1)));
        Assert.True(TraceState.IsValidValue(new string('v', TraceState.MaxValueLength)));
        Assert.False(TraceState.IsValidValue(new string('v', TraceState.MaxValueLength + 1)));
    }

    [Fact]
    public void TryParse_TheSpecExamples_KeepEntriesInOrder()
    {
        Assert.True(TraceState.TryParse("congo=t61rcWkgMzE", out var single));
        Assert.Equal([Pair("congo", "t61rcWkgMzE")], single.Members);

        Assert.True(TraceState.TryParse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", out var two));
        Assert.Equal([Pair("rojo", "00f067aa0ba902b7"), Pair("congo", "t61rcWkgMzE")], two.Members);
        Assert.Equal("00f067aa0ba902b7", two.Get("rojo"));
        Assert.Equal("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", two.ToString());
    }

    [Fact]
    public void Set_TheSpecMutationExample_MovesTheWriterToTheLeft()
    {
        Assert.True(TraceState.TryParse("congo=t61rcWkgMzE", out var fromCongo));

        var fromRojo = fromCongo.Set("rojo", "00f067aa0ba902b7");
        var backAtCongo = fromRojo.Set("congo", "ucfJifl5GOE");

        Assert.Equal("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", fromRojo.ToString());
        Assert.Equal("congo=ucfJifl5GOE,rojo=00f067aa0ba902b7", backAtCongo.ToString());
        Assert.Equal("congo=t61rcWkgMzE", fromCongo.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t , ,\t")]
    public void TryParse_ABlankHeader_IsEmpty(string? header)
    {
        Assert.True(TraceState.TryParse(header, out var state));

        Assert.True(state.IsEmpty);
        Assert.Equal(0, state.Count);
        Assert.Equal(string.Empty, state.ToString());
    }

    [Theory]
    [InlineData("foo=1 \t , \t bar=2, \t baz=3")]
    [InlineData("foo=1\t \t,\t \tbar=2,\t \tbaz=3")]
    [InlineData(",foo=1,,bar=2,, ,baz=3,")]
    public void TryParse_OptionalWhitespaceAndEmptyMembers_AreIgnored(string header)
    {
        Assert.True(TraceState.TryParse(header, out var state));

        Assert.Equal("foo=1,bar=2,baz=3", state.ToString());
    }

    [Theory]
    [InlineData(" foo=1")]
    [InlineData("\tfoo=1")]
    [InlineData("foo=1 ")]
    [InlineData("foo=1\t")]
    [InlineData("\t foo=1 \t")]
    public void TryParse_WhitespaceAroundTheOnlyMember_IsNotPartOfIt(string header)
    {
        Assert.True(TraceState.TryParse(header, out var state));

        Assert.Equal("1", state.Get("foo"));
    }

    [Fact]
    public void TryParse_LeadingSpacesInAValue_ArePartOfTheValue()
    {
        Assert.True(TraceState.TryParse("foo=  1", out var state));

        Assert.Equal("  1", state.Get("foo"));
    }

    [Theory]
    [InlineData("foo =1")]
    [InlineData("FOO=1")]
    [InlineData("foo.bar=1")]
    [InlineData("foo@=1,bar=2")]
    [InlineData("@foo=1,bar=2")]
    [InlineData("foo@@bar=1,bar=2")]
    [InlineData("foo@bar@baz=1,bar=2")]
    [InlineData("foo=bar=baz")]
    [InlineData("foo=,bar=3")]
    [InlineData("foo")]
    [InlineData("foo=1,foo=2")]
    [InlineData("foo=1,foo=1")]
    [InlineData("foo=1\n")]
    public void TryParse_AnInvalidList_IsDroppedWhole(string header) =>
        Assert.False(TraceState.TryParse(header, out _));

    [Fact]
    public void TryParse_TheW3CAllowedCharacters_AreKept()
    {
        var key = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
        var tenantKey = key + "@a-z0-9_-*/";
        var value = new string([.. Enumerable.Range(0x20, 0x7E - 0x20 + 1).Select(c => (char)c).Where(c => c is not (',' or '='))]);

        Assert.True(TraceState.TryParse(key + "=" + value, out var simple));
        Assert.True(TraceState.TryParse(tenantKey + "=" + value, out var multiTenant));

        Assert.Equal(value, simple.Get(key));
        Assert.Equal(value, multiTenant.Get(tenantKey));
    }

    [Fact]
    public void TryParse_KeyLengthLimits_FollowTheGrammar()
    {
        Assert.True(TraceState.TryParse(["foo=1", new string('z', 256) + "=1"], out var longest));
        Assert.Equal(2, longest.Count);
        Assert.True(TraceState.TryParse(["foo=1", new string('t', 241) + "@" + new string('v', 14) + "=1"], out var longestTenant));
        Assert.Equal(2, longestTenant.Count);

        Assert.False(TraceState.TryParse(["foo=1", new string('z', 257) + "=1"], out _));
        Assert.False(TraceState.TryParse(["foo=1", new string('t', 242) + "@v=1"], out _));
        Assert.False(TraceState.TryParse(["foo=1", "t@" + new string('v', 15) + "=1"], out _));
    }

    [Fact]
    public void TryParse_ValueLengthLimit_Is256()
    {
        Assert.True(TraceState.TryParse("k=" + new string('v', 256), out _));
        Assert.False(TraceState.TryParse("k=" + new string('v', 257), out _));
    }

    [Fact]
    public void TryParse_ThirtyTwoMembersAcrossHeaders_AreAccepted()
    {
        string[] headers =
        [
            "bar01=01,bar02=02,bar03=03,bar04=04,bar05=05,bar06=06,bar07=07,bar08=08,bar09=09,bar10=10",
            "bar11=11,bar12=12,bar13=13,bar14=14,bar15=15,bar16=16,bar17=17,bar18=18,bar19=19,bar20=20",
            "bar21=21,bar22=22,bar23=23,bar24=24,bar25=25,bar26=26,bar27=27,bar28=28,bar29=29,bar30=30",
            "bar31=31,bar32=32",
        ];

        Assert.True(TraceState.TryParse(headers, out var state));
        Assert.Equal(32, state.Count);
        Assert.Equal("01", state.Get("bar01"));

        headers[^1] += ",bar33=33";
        Assert.False(TraceState.TryParse(headers, out _));
    }

    [Fact]
    public void TryParse_SeveralHeaders_AreJoinedInOrder()
    {
        Assert.True(TraceState.TryParse(["rojo=1", null, "", "congo=2"], out var state));

        Assert.Equal("rojo=1,congo=2", state.ToString());
    }

    [Fact]
    public void TryParse_ADuplicateAcrossHeaders_IsDroppedWhole() =>
        Assert.False(TraceState.TryParse(["foo=1", "foo=2"], out _));

    [Fact]
    public void TryParse_NullHeaderList_IsEmpty()
    {
        Assert.True(TraceState.TryParse((IEnumerable<string?>?)null, out var state));

        Assert.Same(TraceState.Empty, state);
    }

    [Fact]
    public void Remove_AKey_KeepsTheOthersInOrder()
    {
        Assert.True(TraceState.TryParse("a=1,b=2,c=3", out var state));

        Assert.Equal("a=1,c=3", state.Remove("b").ToString());
        Assert.Same(state, state.Remove("missing"));
        Assert.True(state.Remove("a").Remove("b").Remove("c").IsEmpty);
    }

    [Fact]
    public void Members_ReturnedList_CannotChangeTheState()
    {
        Assert.True(TraceState.TryParse("a=1", out var state));

        Assert.IsNotType<KeyValuePair<string, string>[]>(state.Members);
    }

    [Fact]
    public void TryParse_AnyValidList_RoundTripsInOrder() =>
        PropertyCheck.ForAll(TraceContextGenerators.Members(0, TraceState.MaxMembers), members =>
        {
            var header = string.Join(',', members.Select(m => m.Key + "=" + m.Value));

            Assert.True(TraceState.TryParse(header, out var state), header);
            Assert.Equal(members, state.Members);
            Assert.Equal(header, state.ToString());
            Assert.True(TraceState.TryParse(state.ToString(), out var reparsed));
            Assert.Equal(members, reparsed.Members);
        });

    [Fact]
    public void TryParse_AnyValidListWithWhitespaceAndEmptyMembers_ReadsTheSameMembers()
    {
        var samples =
            from members in TraceContextGenerators.Members(0, TraceState.MaxMembers)
            from header in TraceContextGenerators.RenderLoosely(members)
            select (members, header);

        PropertyCheck.ForAll(samples, sample =>
        {
            Assert.True(TraceState.TryParse(sample.header, out var state), sample.header);
            Assert.Equal(sample.members, state.Members);
        });
    }

    [Fact]
    public void TryParse_MoreThanThirtyTwoMembers_IsRefused() =>
        PropertyCheck.ForAll(
            TraceContextGenerators.Members(TraceState.MaxMembers + 1, TraceState.MaxMembers + 8),
            members => Assert.False(TraceState.TryParse(string.Join(',', members.Select(m => m.Key + "=" + m.Value)), out _)),
            cases: 100);

    [Fact]
    public void TryParse_AnInvalidKeyAnywhere_DropsTheList()
    {
        var samples =
            from members in TraceContextGenerators.Members(0, TraceState.MaxMembers - 1)
            from key in TraceContextGenerators.InvalidKey
            from value in TraceContextGenerators.Value
            from position in Gen.Choose(0, members.Length)
            select (key, Header: Insert(members, position, key, value));

        PropertyCheck.ForAll(samples, sample =>
        {
            Assert.False(TraceState.IsValidKey(sample.key), sample.key);
            Assert.False(TraceState.TryParse(sample.Header, out _), sample.Header);
        });
    }

    [Fact]
    public void TryParse_AnInvalidValueAnywhere_DropsTheList()
    {
        var samples =
            from members in TraceContextGenerators.Members(0, TraceState.MaxMembers - 1)
            from key in TraceContextGenerators.Key.Where(key => members.All(m => m.Key != key))
            from value in TraceContextGenerators.InvalidValue
            from position in Gen.Choose(0, members.Length)
            select (value, Header: Insert(members, position, key, value));

        PropertyCheck.ForAll(samples, sample =>
        {
            Assert.False(TraceState.IsValidValue(sample.value), sample.value);
            Assert.False(TraceState.TryParse(sample.Header, out _), sample.Header);
        });
    }

    [Fact]
    public void TryParse_ADuplicatedKey_DropsTheList()
    {
        var samples =
            from members in TraceContextGenerators.Members(1, TraceState.MaxMembers - 1)
            from duplicate in Gen.Elements(members)
            from value in TraceContextGenerators.Value
            from position in Gen.Choose(0, members.Length)
            select Insert(members, position, duplicate.Key, value);

        PropertyCheck.ForAll(samples, header => Assert.False(TraceState.TryParse(header, out _), header));
    }

    [Fact]
    public void TryParse_AnyString_NeverThrowsAndOnlyAcceptsValidMembers() =>
        PropertyCheck.ForAll(
            TraceContextGenerators.AnyHeader,
            header =>
            {
                if (TraceState.TryParse(header, out var state))
                {
                    Assert.InRange(state.Count, 0, TraceState.MaxMembers);
                    Assert.All(state.Members, m => Assert.True(TraceState.IsValidKey(m.Key) && TraceState.IsValidValue(m.Value)));
                    Assert.Equal(state.Count, state.Members.Select(m => m.Key).Distinct(StringComparer.Ordinal).Count());
                }
            },
            cases: 2000);

    [Fact]
    public void Set_AnyKeyAndValue_PutsTheEntryFirstAndCapsTheList()
    {
        var samples =
            from members in TraceContextGenerators.Members(0, TraceState.MaxMembers)
            from key in Gen.OneOf(TraceContextGenerators.Key, Gen.Elements(members.Select(m => m.Key).DefaultIfEmpty("k")))
            from value in TraceContextGenerators.Value
            select (members, key, value);

        PropertyCheck.ForAll(samples, sample =>
        {
            Assert.True(TraceState.TryParse(string.Join(',', sample.members.Select(m => m.Key + "=" + m.Value)), out var before));

            var after = before.Set(sample.key, sample.value);

            var expected = sample.members
                .Where(m => m.Key != sample.key)
                .Prepend(new(sample.key, sample.value))
                .Take(TraceState.MaxMembers);
            Assert.Equal(expected, after.Members);
            Assert.Equal(sample.value, after.Get(sample.key));
            Assert.Equal(sample.members, before.Members);
        });
    }

    [Fact]
    public void Set_OnAFullList_DropsTheRightMostEntry()
    {
        var full = Enumerable.Range(1, TraceState.MaxMembers).Aggregate(TraceState.Empty, (state, i) => state.Set($"k{i}", $"{i}"));

        var added = full.Set("new", "v");

        Assert.Equal(TraceState.MaxMembers, added.Count);
        Assert.Equal(new KeyValuePair<string, string>("new", "v"), added.Members[0]);
        Assert.Null(added.Get("k1"));
        Assert.Equal("2", added.Get("k2"));
    }

    [Fact]
    public void Remove_AnyKey_RemovesOnlyThatEntry()
    {
        var samples =
            from members in TraceContextGenerators.Members(0, TraceState.MaxMembers)
            from key in Gen.OneOf(TraceContextGenerators.Key, Gen.Elements(members.Select(m => m.Key).DefaultIfEmpty("k")))
            select (members, key);

        PropertyCheck.ForAll(samples, sample =>
        {
            Assert.True(TraceState.TryParse(string.Join(',', sample.members.Select(m => m.Key + "=" + m.Value)), out var before));

            var after = before.Remove(sample.key);

            Assert.Equal(sample.members.Where(m => m.Key != sample.key), after.Members);
            Assert.Null(after.Get(sample.key));
        });
    }

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);

    private static string Insert(KeyValuePair<string, string>[] members, int position, string key, string value)
    {
        var entries = members.Select(m => m.Key + "=" + m.Value).ToList();
        entries.Insert(position, key + "=" + value);
        return string.Join(',', entries);
    }
}
