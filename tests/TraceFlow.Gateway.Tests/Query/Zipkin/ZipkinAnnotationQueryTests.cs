using TraceFlow.Gateway.Query.Zipkin;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Query.Zipkin;

/// <summary>Zipkin's <c>annotationQuery</c> grammar, as zipkin2's QueryRequest parses it.</summary>
public sealed class ZipkinAnnotationQueryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" and ")]
    public void Parse_Nothing_HasNoConditions(string? text)
    {
        var query = ZipkinAnnotationQuery.Parse(text);

        Assert.Empty(query.Tags);
        Assert.Empty(query.Terms);
        Assert.False(query.Error);
    }

    [Fact]
    public void Parse_TagsAndWords_SplitOnAnd_Trimmed()
    {
        var query = ZipkinAnnotationQuery.Parse("http.uri=/foo and retried and  http.method = GET ");

        Assert.Equal([new SpanAttribute("http.uri", "/foo"), new SpanAttribute("http.method", "GET")], query.Tags);
        Assert.Equal(["retried"], query.Terms);
    }

    [Fact]
    public void Parse_KeyWithAnEmptyValue_IsAWord()
    {
        var query = ZipkinAnnotationQuery.Parse("http.uri=");

        Assert.Empty(query.Tags);
        Assert.Equal(["http.uri"], query.Terms);
    }

    [Fact]
    public void Parse_ALaterTagReplacesAnEarlierOne_ButAWordDoesNotReplaceATag()
    {
        var query = ZipkinAnnotationQuery.Parse("env=dev and env=prod and env and region");

        Assert.Equal([new SpanAttribute("env", "prod")], query.Tags);
        Assert.Equal(["region"], query.Terms);
    }

    [Fact]
    public void Parse_ValueWithEquals_KeepsTheRest()
    {
        var query = ZipkinAnnotationQuery.Parse("sql=a=b");

        Assert.Equal([new SpanAttribute("sql", "a=b")], query.Tags);
    }

    [Theory]
    [InlineData("error")]
    [InlineData("otel.status_code=ERROR")]
    [InlineData("error and otel.status_code=ERROR")]
    public void Parse_ErrorConditions_AskForTheErrorStatus(string text)
    {
        var query = ZipkinAnnotationQuery.Parse(text);

        Assert.True(query.Error);
        Assert.Empty(query.Tags);
        Assert.Empty(query.Terms);
    }

    [Fact]
    public void Parse_AnErrorMessage_IsATag() =>
        Assert.Equal([new SpanAttribute("error", "timeout")], ZipkinAnnotationQuery.Parse("error=timeout").Tags);

    [Fact]
    public void Parse_MoreThanAHundredTerms_KeepsTheRestInTheLast()
    {
        var text = string.Join(" and ", Enumerable.Range(0, 102).Select(i => $"w{i}"));

        var query = ZipkinAnnotationQuery.Parse(text);

        Assert.Equal(ZipkinAnnotationQuery.MaxTerms, query.Terms.Length);
        Assert.Equal("w99 and w100 and w101", query.Terms[^1]);
    }
}
