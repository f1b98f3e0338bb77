using System.Net;
using System.Text.RegularExpressions;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Hostile;

/// <summary>
/// A flood of distinct service and operation names (RELIABILITY.md's hostile input 20) folds into
/// an overflow bucket in /api/stats and in /metrics once the caps are reached, however many names arrive.
/// </summary>
public sealed partial class CardinalityTests(CardinalityTests.SmallCapsGatewayFactory factory) : IClassFixture<CardinalityTests.SmallCapsGatewayFactory>
{
    private const int DistinctServices = 40;
    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task DistinctServiceNamesBeyondTheCaps_FoldIntoOther_InStatsAndMetrics()
    {
        var prefix = $"flood{Guid.NewGuid():N}"[..12];
        var spans = Enumerable.Range(0, DistinctServices).Select(i =>
            $$"""{"trace_id":"{{GatewayClient.NewTraceId()}}","span_id":"s","service":"{{prefix}}-{{i}}","operation":"op-{{i}}","start_unix_ms":1710000000000,"duration_ms":1}""");

        using (var response = await client.PostSpansAsync($"{{\"spans\":[{string.Join(',', spans)}]}}"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var stats = await client.WaitForStatsAsync(s => s.GetProperty("span_count").GetInt64() >= DistinctServices);
        var services = stats.GetProperty("services").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.InRange(services.Count, 1, SmallCapsGatewayFactory.MaxServices + 1);
        Assert.Contains("__other__", services);
        Assert.Equal(DistinctServices, stats.GetProperty("per_service").EnumerateArray().Sum(s => s.GetProperty("span_count").GetInt64()));

        var metrics = await client.Http.GetStringAsync("/metrics", GatewayClient.Cancel);
        var exported = ServiceLabel().Matches(metrics).Select(m => m.Groups[1].Value).Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Count();
        Assert.InRange(exported, 1, SmallCapsGatewayFactory.MaxMetricServices);
        Assert.Contains("traceflow_operation_spans_total{service=\"other\",operation=\"other\"}", metrics, StringComparison.Ordinal);
    }

    [GeneratedRegex("traceflow_operation_spans_total\\{service=\"([^\"]*)\"")]
    private static partial Regex ServiceLabel();

    /// <summary>The gateway with caps small enough for one request to pass them.</summary>
    public sealed class SmallCapsGatewayFactory : GatewayFactory
    {
        public const int MaxServices = 5;
        public const int MaxMetricServices = 3;

        protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
        {
            ["TraceFlow:Stats:MaxServices"] = "5",
            ["TraceFlow:Stats:MaxOperationsPerService"] = "5",
            ["TraceFlow:Stats:MaxMetricServices"] = "3",
            ["TraceFlow:Stats:MaxMetricSeries"] = "5",
        };
    }
}
