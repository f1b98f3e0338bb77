using FsCheck;
using FsCheck.Fluent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using TraceFlow.Gateway.Query;
using TraceFlow.Gateway.Query.Jaeger;
using TraceFlow.Gateway.Query.Jaeger.V3;
using TraceFlow.Gateway.Query.Zipkin;
using TraceFlow.Gateway.Sampling;
using TraceFlow.Grains.Storage;

namespace TraceFlow.Gateway.Tests.Fuzz;

/// <summary>
/// The query-string parsers of every search API on random parameters (their own names and
/// others, with numbers, huge and negative numbers, durations, JSON, injections and long text):
/// none throws, each answers either a query or an error message, and a query's limit stays
/// within the server's cap.
/// </summary>
public sealed class QueryParserFuzzTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Names =
    [
        "service", "operation", "min_duration_ms", "max_duration_ms", "from_unix_ms", "to_unix_ms", "limit", "status", "tag", "step_s",
        "serviceName", "spanName", "remoteServiceName", "annotationQuery", "minDuration", "maxDuration", "endTs", "lookback",
        "start", "end", "tags", "traceID", "operation", "lookback",
        "query.service_name", "query.operation_name", "query.attributes", "query.filter", "query.num_traces", "query.search_depth",
        "query.start_time_min", "query.start_time_max", "query.duration_min", "query.duration_max", "query.raw_traces",
        "unknown",
    ];

    private static readonly Gen<string> Values = Gen.OneOf(
        Gen.Elements(
            "", "0", "-1", "1", "20", "1000", "1001", "1e9", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "NaN", "Infinity",
            "100ms", "1.5s", "-5m", "99999999h", "2026-01-01T00:00:00Z", "2026-13-45T99:00:00+25:00", "abc",
            "{\"http.status_code\":\"500\"}", "{\"a\":", "[1,2]", "error", "http.method=GET and error", "=", "and and",
            "' OR 1=1 --", "x'; DROP TABLE spans; --", "4bf92f3577b34da6a3ce929d0e0e4736", "zz", "\u0000\u202e<script>"),
        Gen.Choose(0, 20_000).Select(n => new string('9', n)),
        ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty));

    private static readonly Gen<QueryCollection> Queries =
        Gen.Zip(Gen.OneOf(Gen.Elements(Names), ArbMap.Default.GeneratorFor<string>().Select(s => s ?? "x")), Values.ArrayOf().Where(v => v.Length > 0))
            .ListOf()
            .Select(pairs => new QueryCollection(pairs
                .GroupBy(p => p.Item1, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => new StringValues([.. g.SelectMany(p => p.Item2)]), StringComparer.OrdinalIgnoreCase)));

    [Fact]
    public void TraceFlowSearch_AnyQuery_GivesAQueryOrAnError() =>
        Fuzz.Check(Queries, query => AssertQueryOrError(TraceQueryParser.Parse(query, out var error), error));

    [Fact]
    public void ZipkinSearch_AnyQuery_GivesAQueryOrAnError() =>
        Fuzz.Check(Queries, query => AssertQueryOrError(ZipkinTraceQueryParser.Parse(query, Now, out var error), error));

    [Fact]
    public void JaegerSearch_AnyQuery_GivesAQueryOrAnError() =>
        Fuzz.Check(Queries, query =>
        {
            var search = JaegerQueryParser.ParseSearch(query, Now, out var error);
            AssertQueryOrError(search?.Query, error);
            _ = JaegerQueryParser.ParseDependencies(query, Now, out _);
            _ = JaegerQueryParser.ValidateTraceHints(query, out _);
        });

    [Fact]
    public void JaegerApiV3Search_AnyQuery_GivesAQueryOrAnError() =>
        Fuzz.Check(Queries, query =>
        {
            AssertQueryOrError(ApiV3QueryParser.ParseSearch(query, Now, out var error), error);
            _ = ApiV3QueryParser.ValidateTraceHints(query, out _);
        });

    [Fact]
    public void TimelineAndPreview_AnyQuery_GiveARangeOrAnError() =>
        Fuzz.Check(Queries, query =>
        {
            var range = TimelineQueryParser.Parse(query, Now.ToUnixTimeMilliseconds() * 1_000_000, 10, out var timelineError);
            Assert.True((range is null) != (timelineError is null), "exactly one of range and error");
            var preview = PreviewQueryParser.Parse(query, out var previewError);
            Assert.True((preview is null) != (previewError is null), "exactly one of preview and error");
            Assert.True(preview is null || preview.Value.Limit is >= 1 and <= PreviewQueryParser.MaxLimit);
        });

    private static void AssertQueryOrError(TraceQuery? query, string? error)
    {
        Assert.True((query is null) != (error is null), $"exactly one of query and error; error: {error}");
        Assert.True(query is null || query.Limit is >= 1 and <= TraceQuery.MaxLimit, $"limit {query?.Limit}");
    }
}
