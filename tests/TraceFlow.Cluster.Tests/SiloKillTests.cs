using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using TraceFlow.Cluster.Tests.Infrastructure;
using TraceFlow.Grains.Hosting;

namespace TraceFlow.Cluster.Tests;

/// <summary>Two silo processes with Redis membership behind a gateway client; one is killed with SIGKILL under load.</summary>
public sealed class SiloKillTests() : ProcessClusterTest(new ProcessCluster(siloCount: 2), TimeSpan.FromSeconds(10))
{
    /// <summary>Consecutive new traces accepted at the first try that count as ingest having recovered.</summary>
    private const int RecoveredStreak = 10;

    /// <summary>
    /// Longest a killed silo can stay a member: every missed probe may take the adaptive timeout's
    /// ceiling (four times the initial one) before its trace grains activate elsewhere; then the
    /// trace's quiet period, and slack for gossip and two shared cores.
    /// </summary>
    private static readonly TimeSpan RecoveryBound =
        TraceFlowClusteringExtensions.ProbeTimeout * 4 * TraceFlowClusteringExtensions.MissedProbesLimit
        + ProcessCluster.DecisionWait + TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SendPacing = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task KilledSilo_IngestAndQueriesRecover_WithinMembershipTimeout()
    {
        // Traces spread over both silos: send until each silo's trace grains have taken spans.
        var before = new List<string>();
        await Poll.UntilAsync(
            async () =>
            {
                var id = NewTraceId();
                if (await SendAsync(id))
                {
                    before.Add(id);
                }

                var received = await Task.WhenAll(Cluster.Silos.Select(s => s.SpansReceivedAsync(Http)));
                return before.Count >= RecoveredStreak && received.All(r => r > 0);
            },
            TimeSpan.FromSeconds(60),
            () => "both silos to receive spans" + Environment.NewLine + Cluster.Diagnostics());
        foreach (var id in before)
        {
            await Poll.UntilAsync(() => IsQueryableAsync(id), TimeSpan.FromSeconds(30), () => $"trace {id} to be queryable{Environment.NewLine}{Cluster.Diagnostics()}");
        }

        var clock = Stopwatch.StartNew();
        await Cluster.Silos[0].Process.KillAsync();
        var killedAt = clock.Elapsed;

        // Keep sending new traces; ingest has recovered once RecoveredStreak in a row are accepted at once.
        var streak = new List<(string Id, TimeSpan SentAt)>();
        var refused = 0;
        TimeSpan? firstAccepted = null;
        while (streak.Count < RecoveredStreak)
        {
            Assert.True(clock.Elapsed - killedAt < RecoveryBound, $"ingest did not recover within {RecoveryBound.TotalSeconds:0} s of the kill ({refused} sends refused){Environment.NewLine}{Cluster.Diagnostics()}");
            var id = NewTraceId();
            var sentAt = clock.Elapsed - killedAt;
            if (await SendAsync(id))
            {
                firstAccepted ??= sentAt;
                streak.Add((id, sentAt));
            }
            else
            {
                refused++;
                streak.Clear();
            }

            await Task.Delay(SendPacing, TestContext.Current.CancellationToken);
        }

        // Every trace of the streak is kept and queryable; the first one marks the recovery.
        TimeSpan? recovered = null;
        foreach (var (id, _) in streak)
        {
            await Poll.UntilAsync(() => IsQueryableAsync(id), RecoveryBound, () => $"trace {id}, accepted after the kill, to be queryable{Environment.NewLine}{Cluster.Diagnostics()}");
            recovered ??= clock.Elapsed - killedAt;
        }

        Assert.False(Cluster.Silos[1].Process.HasExited, Cluster.Diagnostics());
        Assert.True(await Cluster.Silos[1].SpansReceivedAsync(Http) > 0);
        Assert.True(recovered < RecoveryBound, $"recovery took {recovered!.Value.TotalSeconds:0.0} s, bound {RecoveryBound.TotalSeconds:0} s");
        await ReportAsync(streak[0].SentAt, firstAccepted!.Value, recovered!.Value, refused);
    }

    private async Task<bool> SendAsync(string traceId)
    {
        var body = $$"""{"spans":[{"trace_id":"{{traceId}}","span_id":"root","service":"cluster-test","operation":"ingest","start_unix_ms":1710000000000,"duration_ms":5,"status":"ok"}]}""";
        try
        {
            using var response = await Http.PostAsync("/api/spans", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            // HttpClient's timeout: a call stuck on the dead silo counts as refused.
            return false;
        }
    }

    private async Task<bool> IsQueryableAsync(string traceId)
    {
        try
        {
            using var response = await Http.GetAsync($"/api/traces/{traceId}", TestContext.Current.CancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task ReportAsync(TimeSpan ingestRecovered, TimeSpan firstAccepted, TimeSpan recovered, int refused)
    {
        var report = string.Create(
            CultureInfo.InvariantCulture,
            $"""
            silo killed with SIGKILL (2 silo processes, Redis membership, probe timeout {TraceFlowClusteringExtensions.ProbeTimeout.TotalSeconds:0} s x {TraceFlowClusteringExtensions.MissedProbesLimit} missed probes)
            first new trace accepted after the kill: {firstAccepted.TotalSeconds:0.00} s
            ingest recovered ({RecoveredStreak} new traces in a row accepted at the first try) from: {ingestRecovered.TotalSeconds:0.00} s
            recovery (kill to the first of those traces accepted and queryable): {recovered.TotalSeconds:0.00} s
            sends refused or timed out meanwhile: {refused}
            bound: {RecoveryBound.TotalSeconds:0} s

            """);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        var folder = Path.Combine(BuildOutput.Root, "artifacts", "cluster");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "recovery.txt"), report, TestContext.Current.CancellationToken);
    }

    private static string NewTraceId() => Guid.NewGuid().ToString("N");
}
