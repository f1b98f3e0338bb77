using Orleans.Runtime;
using Orleans.TestingHost;
using TraceFlow.Grains.Cluster;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Stats;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Tests.Infrastructure;
using TraceFlow.Grains.Traces;
using static TraceFlow.Grains.Tests.Infrastructure.SpanFactory;

namespace TraceFlow.Grains.Tests.Cluster;

/// <summary>
/// Three silos losing one (killed or stopped) or gaining one, under ingest through the same
/// retrying calls the gateway makes. Each test deploys its own cluster, since it changes it.
/// </summary>
public sealed class SiloFailoverTests
{
    private const int SpansPerTrace = 2;

    private static readonly TimeSpan ReportInterval = StatsOptions.DefaultFlushInterval;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TraceGrains_SpreadOverEverySilo_AndANewSiloTakesNewTraces()
    {
        await using var fixture = await DeployAsync();
        await SendAsync(fixture, 60);

        var hosts = await TraceGrainHostsAsync(fixture);
        Assert.All(fixture.Cluster.Silos, silo => Assert.True(hosts.GetValueOrDefault(silo.SiloAddress) > 0, $"no trace grain on {silo.SiloAddress}"));

        var added = await fixture.Cluster.StartAdditionalSiloAsync();
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();
        var later = await SendAsync(fixture, 60);

        Assert.True((await TraceGrainHostsAsync(fixture)).GetValueOrDefault(added.SiloAddress) > 0, "the new silo took no trace");
        await WaitUntilAllStoredAsync(fixture, later);
    }

    [Fact]
    public async Task KilledSilo_IngestAndQueriesGoOn_AndItsLiveTracesCountAsLost()
    {
        await using var fixture = await DeployAsync();
        var before = await SendAsync(fixture, 60);
        await ReportEverywhereAsync(fixture, before.Count);
        var stats = fixture.Grains.GetGrain<IStatsGrain>(TraceKey.DefaultTenant);
        await Poll.UntilAsync(stats.GetSnapshotAsync, s => s.SpanCount == before.Count * SpansPerTrace, "every span in the statistics");

        var victim = await PickVictimAsync(fixture, stats);
        var victimLive = fixture.SiloService<LiveTraceLimiter>(fixture.Cluster.Silos.ToList().IndexOf(victim)).Live;
        Assert.True(victimLive > 0);
        var lostBefore = GrainsMetrics.TracesLost.WithLabels(SiloLossTracker.SiloFailure).Value;
        var spansLostBefore = GrainsMetrics.SpansLost.WithLabels(SiloLossTracker.SiloFailure).Value;

        // Ingest runs on while the silo dies and after; every call must end accepted.
        using var stopLoad = new CancellationTokenSource();
        var load = Task.Run(() => SendUntilAsync(fixture, stopLoad.Token), Cancellation);
        await fixture.Cluster.KillSiloAsync(victim, Cancellation);
        var afterKill = await SendAsync(fixture, 30);
        await stopLoad.CancelAsync();
        var duringKill = await load;

        await Poll.UntilAsync(
            () => Task.FromResult(GrainsMetrics.TracesLost.WithLabels(SiloLossTracker.SiloFailure).Value - lostBefore),
            lost => lost > 0,
            "the killed silo's live traces to be counted lost");
        Assert.Equal(victimLive, GrainsMetrics.TracesLost.WithLabels(SiloLossTracker.SiloFailure).Value - lostBefore);
        Assert.Equal(victimLive * SpansPerTrace, GrainsMetrics.SpansLost.WithLabels(SiloLossTracker.SiloFailure).Value - spansLostBefore);

        await WaitUntilAllStoredAsync(fixture, afterKill);
        var sent = before.Concat(duringKill).Concat(afterKill).ToList();
        var stored = (await fixture.Reader.GetTracesAsync(TraceKey.DefaultTenant, sent, Cancellation)).Count;
        Assert.True(stored >= sent.Count - victimLive - duringKill.Count, $"{stored} of {sent.Count} traces stored");

        // Statistics count each received span once: the spans of every stored trace, and those
        // the killed silo had reported before it died (its traces since were neither stored nor counted).
        var final = await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(ReportInterval);
                return await stats.GetSnapshotAsync();
            },
            s => s.TraceCount == stored,
            "the statistics of every decided trace");
        Assert.Equal((stored + victimLive) * SpansPerTrace, final.SpanCount);
    }

    [Fact]
    public async Task StoppedSilo_HandsOverLiveAndStoredTraces_SoNothingIsLost()
    {
        await using var fixture = await DeployAsync();
        var decided = await SendAsync(fixture, 40);
        await WaitUntilAllStoredAsync(fixture, decided);
        var live = await SendAsync(fixture, 40);
        await ReportEverywhereAsync(fixture, live.Count);
        var victim = await PickVictimAsync(fixture, fixture.Grains.GetGrain<IStatsGrain>(TraceKey.DefaultTenant));
        var victimHosts = await GrainHostsAsync(fixture, typeof(TraceStoreShardGrain));
        Assert.True(victimHosts.GetValueOrDefault(victim.SiloAddress) > 0, "the stopped silo held no store shard");
        var victimReport = fixture.AllSiloServices<SiloLossTracker>()[0].LastReports[victim.SiloAddress];
        Assert.True(victimReport.Traces > 0, "the stopped silo reported no live trace");
        var lostBefore = GrainsMetrics.TracesLost.WithLabels(SiloLossTracker.SiloFailure).Value;

        await fixture.Cluster.StopSiloAsync(victim, Cancellation);

        await WaitUntilAllStoredAsync(fixture, [.. decided, .. live]);
        // The survivors see the stopped silo dead like a killed one; its final report of zero is what keeps the count still.
        await Poll.UntilAsync(
            () => Task.FromResult(fixture.AllSiloServices<SiloLossTracker>()),
            trackers => trackers.All(t => t.SettledDeadSilos.Contains(victim.SiloAddress)),
            "every survivor to settle the stopped silo");
        Assert.Equal(lostBefore, GrainsMetrics.TracesLost.WithLabels(SiloLossTracker.SiloFailure).Value);
    }

    private static async Task<FailoverClusterFixture> DeployAsync()
    {
        var fixture = new FailoverClusterFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    /// <summary>Sends new traces of <see cref="SpansPerTrace"/> spans, one retrying call each, as the gateway does.</summary>
    private static async Task<List<string>> SendAsync(ClusterFixture fixture, int traces)
    {
        var ids = Enumerable.Range(0, traces).Select(_ => NewTraceId()).ToList();
        var results = await Task.WhenAll(ids.Select(id => SendOneAsync(fixture, id, Cancellation)));
        Assert.All(results, r => Assert.Equal(SpansPerTrace, r.Accepted));
        return ids;
    }

    private static Task<SpanBatchResult> SendOneAsync(ClusterFixture fixture, string traceId, CancellationToken cancellationToken) =>
        new TraceGrainReferences(fixture.Grains).AddSpansAsync(
            new TraceKey(TraceKey.DefaultTenant, traceId), Batch(Span(traceId, "a", parent: "up"), Span(traceId, "b", parent: "a")), cancellationToken);

    /// <summary>Sends traces one after another until stopped; a call that fails even after its retries fails the test.</summary>
    private static async Task<List<string>> SendUntilAsync(ClusterFixture fixture, CancellationToken stop)
    {
        var ids = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            var id = NewTraceId();
            var result = await SendOneAsync(fixture, id, Cancellation);
            Assert.Equal(SpansPerTrace, result.Accepted);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Ticks the report interval until every silo holds every silo's report of all the live traces.</summary>
    private static async Task ReportEverywhereAsync(FailoverClusterFixture fixture, int liveTraces) =>
        await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(ReportInterval);
                return fixture.AllSiloServices<SiloLossTracker>();
            },
            trackers => trackers.All(t => t.LastReports.Count == fixture.Cluster.Silos.Count && t.LastReports.Values.Sum(r => r.Traces) == liveTraces),
            "every silo's live-trace report");

    /// <summary>A secondary silo (the primary holds the test membership table) holding live traces but not the stats grain.</summary>
    private static async Task<SiloHandle> PickVictimAsync(ClusterFixture fixture, IStatsGrain stats)
    {
        await stats.GetSnapshotAsync();
        var statsHost = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(stats);
        var traceHosts = await TraceGrainHostsAsync(fixture);
        return fixture.Cluster.SecondarySilos.First(s => !s.SiloAddress.Equals(statsHost) && traceHosts.GetValueOrDefault(s.SiloAddress) > 0);
    }

    private static Task<Dictionary<SiloAddress, int>> TraceGrainHostsAsync(ClusterFixture fixture) => GrainHostsAsync(fixture, typeof(TraceGrain));

    /// <summary>Activations of one grain class per silo.</summary>
    private static async Task<Dictionary<SiloAddress, int>> GrainHostsAsync(ClusterFixture fixture, Type grainClass)
    {
        var activations = await fixture.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return activations
            .Where(a => a.GrainType.Contains(grainClass.FullName!, StringComparison.Ordinal))
            .GroupBy(a => a.SiloAddress)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Moves the clock past the decision wait and polls until every trace is stored whole.</summary>
    private static async Task WaitUntilAllStoredAsync(ClusterFixture fixture, List<string> traceIds) =>
        await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(FailoverClusterFixture.DecisionWait / 4);
                var stored = await fixture.Reader.GetTracesAsync(TraceKey.DefaultTenant, traceIds, Cancellation);
                return stored.Count(t => t.Spans.Length == SpansPerTrace);
            },
            count => count == traceIds.Count,
            $"all {traceIds.Count} traces to be stored");
}
