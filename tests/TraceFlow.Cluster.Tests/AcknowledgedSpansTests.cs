using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceFlow.Cluster.Tests.Infrastructure;
using TraceFlow.Grains.Hosting;

namespace TraceFlow.Cluster.Tests;

/// <summary>
/// Zero loss of acknowledged spans: two silo processes behind a gateway client, traces sent a
/// span per request, one silo killed with SIGKILL mid-run while every trace is still undecided.
/// Every span the gateway answered 202 for must be stored, through the gateway's replay buffer.
/// </summary>
public sealed partial class AcknowledgedSpansTests() : ProcessClusterTest(new ProcessCluster(siloCount: 2, DecisionWait), TimeSpan.FromSeconds(30))
{
    /// <summary>Long enough that no trace is decided before the kill or while membership declares the silo dead.</summary>
    private static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(15);

    /// <summary>Membership's bound for declaring the killed silo dead (as in <see cref="SiloKillTests"/>), the decision wait, and slack for two shared cores.</summary>
    private static readonly TimeSpan StoredBound =
        TraceFlowClusteringExtensions.ProbeTimeout * 4 * TraceFlowClusteringExtensions.MissedProbesLimit + DecisionWait + TimeSpan.FromSeconds(30);

    private const int SpansPerTrace = 5;
    private const int Senders = 16;

    /// <summary>Spans are sent in rounds, one span of every trace per round; the silo dies after this one.</summary>
    private const int KillAfterRound = 1;


    /// <summary>Traces per run: <c>TRACEFLOW_ZERO_LOSS_TRACES</c> (the measuring script sets it), 200 by default.</summary>
    private static int TraceCount =>
        int.TryParse(Environment.GetEnvironmentVariable("TRACEFLOW_ZERO_LOSS_TRACES"), CultureInfo.InvariantCulture, out var traces) && traces > 0 ? traces : 200;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SiloKilledMidRun_EverySpanAcknowledgedIsStored()
    {
        var traceIds = Enumerable.Range(0, TraceCount).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var acknowledged = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
        var refused = 0;
        for (var round = 0; round < SpansPerTrace; round++)
        {
            var spanId = $"span{round}";
            var parentId = round == 0 ? null : $"span{round - 1}";
            await Parallel.ForEachAsync(
                traceIds,
                new ParallelOptions { MaxDegreeOfParallelism = Senders, CancellationToken = Cancellation },
                async (traceId, _) =>
                {
                    if (await SendAsync(traceId, spanId, parentId))
                    {
                        acknowledged.GetOrAdd(traceId, _ => []).Add(spanId);
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }
                });

            if (round == KillAfterRound)
            {
                Assert.All(Cluster.Silos, silo => Assert.False(silo.Process.HasExited));
                Assert.True(await Cluster.Silos[0].SpansReceivedAsync(Http) > 0, "the silo to kill holds no trace");
                await Cluster.Silos[0].Process.KillAsync();
            }
        }

        // Every trace is stored with every span acknowledged for it (replayed or sent to the survivor);
        // what is still missing at the bound is lost, and reported as such before the test fails.
        var stored = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(
            async () =>
            {
                foreach (var (traceId, spanIds) in acknowledged.Where(a => stored.GetValueOrDefault(a.Key) < a.Value.Count))
                {
                    var held = await StoredSpanIdsAsync(traceId);
                    stored[traceId] = spanIds.Count(held.Contains);
                }

                return acknowledged.All(a => stored.GetValueOrDefault(a.Key) == a.Value.Count) || clock.Elapsed > StoredBound;
            },
            StoredBound * 2,
            Cluster.Diagnostics);

        var acknowledgedSpans = acknowledged.Values.Sum(s => s.Count);
        var storedSpans = stored.Values.Sum();
        await ReportAsync(acknowledgedSpans, storedSpans, refused, await GatewayCounterAsync(ReplayedSpans()));
        Assert.True(acknowledgedSpans == storedSpans, $"acknowledged {acknowledgedSpans}, stored {storedSpans}; {await MissingAsync(acknowledged)}{Environment.NewLine}{Cluster.Diagnostics()}");
        Assert.True(await GatewayCounterAsync(ReplayedSpans()) > 0, "nothing was replayed: the kill found no undecided trace");
    }

    private async Task<bool> SendAsync(string traceId, string spanId, string? parentId)
    {
        var parent = parentId is null ? string.Empty : $",\"parent_span_id\":\"{parentId}\"";
        var body = $$"""{"spans":[{"trace_id":"{{traceId}}","span_id":"{{spanId}}"{{parent}},"service":"zero-loss","operation":"ingest","start_unix_ms":1710000000000,"duration_ms":5,"status":"ok"}]}""";
        try
        {
            using var response = await Http.PostAsync("/api/spans", new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (TaskCanceledException) when (!Cancellation.IsCancellationRequested)
        {
            // HttpClient's timeout: not acknowledged, so the client would send it again.
            return false;
        }
    }

    /// <summary>Names the acknowledged spans that are not stored, trace by trace.</summary>
    private async Task<string> MissingAsync(ConcurrentDictionary<string, ConcurrentBag<string>> acknowledged)
    {
        var missing = new List<string>();
        foreach (var (traceId, spanIds) in acknowledged)
        {
            var held = await StoredSpanIdsAsync(traceId);
            var lost = spanIds.Where(s => !held.Contains(s)).Order(StringComparer.Ordinal).ToList();
            if (lost.Count > 0)
            {
                missing.Add($"trace {traceId}: stored [{string.Join(", ", held.Order(StringComparer.Ordinal))}], missing [{string.Join(", ", lost)}]");
            }
        }

        return "missing: " + string.Join("; ", missing);
    }

    private async Task<HashSet<string>> StoredSpanIdsAsync(string traceId)
    {
        using var response = await Http.GetAsync($"/api/traces/{traceId}", Cancellation);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }

        using var trace = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return [.. trace.RootElement.GetProperty("spans").EnumerateArray().Select(s => s.GetProperty("span_id").GetString()!)];
    }

    private async Task<double> GatewayCounterAsync(Regex counter)
    {
        var match = counter.Match(await Http.GetStringAsync("/metrics", Cancellation));
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private static async Task ReportAsync(int acknowledgedSpans, int storedSpans, int refused, double replayedSpans)
    {
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"""
            silo killed with SIGKILL after round {KillAfterRound + 1} of {SpansPerTrace} (2 silo processes, Redis membership, {TraceCount} traces, one span per request, decision wait {DecisionWait.TotalSeconds:0} s)
            acknowledged {acknowledgedSpans}, stored {storedSpans}, lost {acknowledgedSpans - storedSpans}
            sends not acknowledged (503 or timeout; a client sends them again): {refused}
            spans replayed by the gateway: {replayedSpans}

            """);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        var folder = Path.Combine(BuildOutput.Root, "artifacts", "cluster");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "zero-loss.txt"), report, Cancellation);
    }

    [GeneratedRegex(@"^traceflow_replay_spans_total (\S+)$", RegexOptions.Multiline)]
    private static partial Regex ReplayedSpans();
}
