using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Gateway.Query;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Tests.Query;

/// <summary>
/// <c>GET /api/stats/timeline</c> turns its query into the steps the stats reader is asked for,
/// and refuses bad ones naming the parameter (no cluster needed).
/// </summary>
public sealed class QueryEndpointsTimelineTests
{
    private const long Second = UnixTime.NanosPerSecond;

    /// <summary>2026-01-01 00:00:05 UTC: five seconds into a step, so alignment shows.</summary>
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 5, TimeSpan.Zero);

    private static readonly long NowNanos = UnixTime.Nanos(Now);

    [Fact]
    public async Task GetTimeline_WithoutParameters_CoversTheLast15Minutes_InAtMost180StepsOfTheStoresGranularity()
    {
        var (range, body) = await AskAsync("", minStepSeconds: 10);

        Assert.Equal(10, range.StepSeconds);
        Assert.Equal(91, range.PointCount);
        Assert.Equal(NowNanos - (905 * Second), range.FirstUnixNanos);
        Assert.Equal(NowNanos + (5 * Second), range.EndUnixNanos);
        Assert.Equal(Units.NanosToMillis(range.FirstUnixNanos), body.FromUnixMs);
        Assert.Equal(Units.NanosToMillis(range.EndUnixNanos), body.ToUnixMs);
        Assert.Equal(10, body.StepS);
        Assert.Equal(91, body.Points.Count);
        Assert.Equal(Enumerable.Range(0, 91).Select(i => body.FromUnixMs + (i * 10_000.0)), body.Points.Select(p => p.StartUnixMs));
    }

    [Theory]
    [InlineData(1, 6, 151)]
    [InlineData(10, 10, 91)]
    [InlineData(60, 60, 16)]
    public async Task GetTimeline_DefaultStep_IsTheShortestMultipleOfTheGranularityWithAtMost180Points(long minStepSeconds, long step, int points)
    {
        var (range, _) = await AskAsync("", minStepSeconds);

        Assert.Equal((step, points), (range.StepSeconds, range.PointCount));
    }

    [Fact]
    public async Task GetTimeline_OverAWideRange_ChoosesAStepGivingAtMost180Points()
    {
        var (range, _) = await AskAsync("?from_unix_ms=0&to_unix_ms=1767225600000", minStepSeconds: 10);

        Assert.InRange(range.PointCount, 170, 180);
    }

    [Theory]
    [InlineData("?from_unix_ms=1767225600000&to_unix_ms=1767225660000&step_s=15", 10, 20, 4)]
    [InlineData("?from_unix_ms=1767225600000&to_unix_ms=1767225660000&step_s=15", 1, 15, 5)]
    [InlineData("?from_unix_ms=1767225600000&to_unix_ms=1767225600000&step_s=3600", 10, 3600, 1)]
    public async Task GetTimeline_WithAStep_RoundsItUpToAMultipleOfTheGranularity(string query, long minStepSeconds, long step, int points)
    {
        var (range, body) = await AskAsync(query, minStepSeconds);

        Assert.Equal((step, points), (range.StepSeconds, range.PointCount));
        Assert.Equal(step, body.StepS);
    }

    [Fact]
    public async Task GetTimeline_WithOnlyFrom_EndsNow()
    {
        var (range, _) = await AskAsync("?from_unix_ms=1767225500000&step_s=10", minStepSeconds: 10);

        Assert.Equal(1_767_225_500 * Second, range.FirstUnixNanos);
        Assert.Equal(NowNanos + (5 * Second), range.EndUnixNanos);
    }

    [Theory]
    [InlineData("step_s=0", "step_s")]
    [InlineData("step_s=-10", "step_s")]
    [InlineData("step_s=1.5", "step_s")]
    [InlineData("step_s=ten", "step_s")]
    [InlineData("step_s=1000000001", "step_s")]
    [InlineData("step_s=10&step_s=20", "step_s")]
    [InlineData("from_unix_ms=0&to_unix_ms=1000001&step_s=1", "step_s")]
    [InlineData("from_unix_ms=2000&to_unix_ms=1000", "from_unix_ms")]
    [InlineData("from_unix_ms=1767225606000", "from_unix_ms")]
    [InlineData("from_unix_ms=soon", "from_unix_ms")]
    [InlineData("to_unix_ms=-1", "to_unix_ms")]
    public async Task GetTimeline_WithABadQuery_Gets400NamingTheParameter(string query, string parameter)
    {
        var stats = new RecordingStatsReader(minStepSeconds: 1);

        var result = await QueryEndpoints.GetTimeline(Context("?" + query), stats, new FakeTimeProvider(Now));

        var problem = Assert.IsType<ProblemHttpResult>(result.Result);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.StartsWith(parameter, problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Null(stats.Asked);
    }

    [Fact]
    public async Task GetTimeline_AtTheLimit_Answers1000Points()
    {
        var (range, _) = await AskAsync("?from_unix_ms=0&to_unix_ms=999999&step_s=1", minStepSeconds: 1);

        Assert.Equal(1_000, range.PointCount);
    }

    private static async Task<(TimelineRange Range, TimelineResponse Body)> AskAsync(string query, long minStepSeconds)
    {
        var stats = new RecordingStatsReader(minStepSeconds);

        var result = await QueryEndpoints.GetTimeline(Context(query), stats, new FakeTimeProvider(Now));

        var ok = Assert.IsType<Ok<TimelineResponse>>(result.Result);
        Assert.Equal(TraceKey.DefaultTenant, stats.Asked?.Tenant);
        return (stats.Asked!.Value.Range, ok.Value!);
    }

    private static DefaultHttpContext Context(string query)
    {
        var context = CallerContexts.For();
        context.Request.QueryString = new QueryString(query);
        return context;
    }

    /// <summary>Answers empty steps and remembers what it was asked.</summary>
    private sealed class RecordingStatsReader(long minStepSeconds) : IStatsReader
    {
        public (string Tenant, TimelineRange Range)? Asked { get; private set; }

        public long MinTimelineStepSeconds => minStepSeconds;

        public Task<StatsSnapshot> GetStatsAsync(string tenant, long? fromUnixNanos, long? toUnixNanos, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the timeline reads no totals");

        public Task<ImmutableArray<TimelinePoint>> GetTimelineAsync(string tenant, TimelineRange range, CancellationToken cancellationToken)
        {
            Asked = (tenant, range);
            return Task.FromResult<ImmutableArray<TimelinePoint>>([.. Enumerable.Range(0, range.PointCount).Select(i => TimelinePoint.Empty(range.StartOf(i)))]);
        }
    }
}
