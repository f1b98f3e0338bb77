using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.TestingHost;
using TraceFlow.Grains.Cluster;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Replay;
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
        await using var fixture = await DeployAsync<FailoverClusterFixture>();
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
        await using var fixture = await DeployAsync<FailoverClusterFixture>();
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
        await using var fixture = await DeployAsync<FailoverClusterFixture>();
        var decided = await SendAsync(fixture, 40);
        await WaitUntilAllStoredAsync(fixture, decided);
        var live = await SendAsync(fixture, 40);
        await ReportEverywhereAsync(fixture, live.Count);
        // Any secondary silo with live traces and a store shard: statistics are not checked here.
        var victim = await PickVictimAsync(fixture, stats: null, typeof(TraceStoreShardGrain));
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

    [Fact]
    public async Task KilledSilo_AcknowledgedSpansOfItsUndecidedTraces_AreReplayed_AndEveryTraceIsStoredCompleteOnce()
    {
        await using var fixture = await DeployAsync<FailoverClusterFixture>();
        var replay = NewReplayBuffer(fixture, new ReplayOptions());
        var ids = await SendHeldAsync(fixture, replay, 60);
        Assert.Equal(ids.Count, replay.Traces);
        Assert.Equal(ids.Count * SpansPerTrace, replay.Spans);

        // Every silo has reported, and none holds a span the buffer does not: nothing to count lost.
        await ReportEverywhereAsync(fixture, 0);
        var stats = fixture.Grains.GetGrain<IStatsGrain>(TraceKey.DefaultTenant);
        var victim = await PickVictimAsync(fixture, stats);
        var victimLive = fixture.SiloService<LiveTraceLimiter>(fixture.Cluster.Silos.ToList().IndexOf(victim)).Live;
        Assert.True(victimLive > 0);
        var lostBefore = GrainsMetrics.TracesLost.WithLabels(SiloLossTracker.SiloFailure).Value;
        var replayedBefore = ReplayMetrics.ReplayedTraces.Value;

        await fixture.Cluster.KillSiloAsync(victim, Cancellation);
        var replayed = await ReplayUntilAsync(replay, victimLive);

        Assert.Equal(victimLive, replayed);
        Assert.Equal(victimLive, ReplayMetrics.ReplayedTraces.Value - replayedBefore);
        await WaitUntilAllStoredAsync(fixture, ids);

        // Each trace decided once (a second decision would count it again), and then let go by the buffer.
        await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(ReportInterval);
                return await stats.GetSnapshotAsync();
            },
            s => s.TraceCount >= ids.Count,
            "the statistics of every decided trace");
        await fixture.AdvanceAsync(ReportInterval);
        Assert.Equal(ids.Count, (await stats.GetSnapshotAsync()).TraceCount);
        await Poll.UntilAsync(() => Task.FromResult(replay.Spans), spans => spans == 0, "the buffer to let every settled trace go");
        Assert.Equal(0, replay.Traces);
        Assert.Equal(0, replay.Bytes);
        await Poll.UntilAsync(
            () => Task.FromResult(fixture.AllSiloServices<SiloLossTracker>()),
            trackers => trackers.All(t => t.SettledDeadSilos.Contains(victim.SiloAddress)),
            "every survivor to settle the killed silo");
        Assert.Equal(lostBefore, GrainsMetrics.TracesLost.WithLabels(SiloLossTracker.SiloFailure).Value);
    }

    [Fact]
    public async Task KilledSilo_TracesSettledBeforeTheKill_AreNotReplayed_SoADroppedTraceStaysDropped()
    {
        await using var fixture = await DeployAsync<ErrorsOnlyFailoverClusterFixture>();
        var replay = NewReplayBuffer(fixture, new ReplayOptions());
        var dropped = await SendHeldAsync(fixture, replay, 30);
        await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(FailoverClusterFixture.DecisionWait / 4);
                return replay.Traces;
            },
            traces => traces == 0,
            "every dropped trace to be settled");
        Assert.All(dropped, id => Assert.False(fixture.FindDecision(id)?.Keep));

        var kept = await SendHeldAsync(fixture, replay, 30, SpanStatusCode.Error);
        var victim = await PickVictimAsync(fixture, fixture.Grains.GetGrain<IStatsGrain>(TraceKey.DefaultTenant));
        var victimLive = fixture.SiloService<LiveTraceLimiter>(fixture.Cluster.Silos.ToList().IndexOf(victim)).Live;
        Assert.True(victimLive > 0);

        await fixture.Cluster.KillSiloAsync(victim, Cancellation);

        // Only the undecided traces go again: the victim also decided dropped ones, which stay dropped.
        Assert.Equal(victimLive, await ReplayUntilAsync(replay, victimLive));
        await WaitUntilAllStoredAsync(fixture, kept);
        Assert.Empty(await fixture.Reader.GetTracesAsync(TraceKey.DefaultTenant, dropped, Cancellation));
    }

    [Fact]
    public async Task KilledSilo_WhenTheNewActivationDecidesBeforeTheReplay_TheDeadSilosSpansFollowTheDecision_SoNoneIsLost()
    {
        await using var fixture = await DeployAsync<FailoverClusterFixture>();
        var replay = NewReplayBuffer(fixture, new ReplayOptions());
        var ids = Enumerable.Range(0, 40).Select(_ => NewTraceId()).ToList();
        await SendHeldAsync(replay, ids, "a");
        var victim = await PickVictimAsync(fixture, fixture.Grains.GetGrain<IStatsGrain>(TraceKey.DefaultTenant));
        var victimLive = fixture.SiloService<LiveTraceLimiter>(fixture.Cluster.Silos.ToList().IndexOf(victim)).Live;

        // The second span of every trace reaches a new activation on a survivor, which decides
        // (keeps) and settles each trace before the gateway has replayed the dead silo's first spans.
        await fixture.Cluster.KillSiloAsync(victim, Cancellation);
        await SendHeldAsync(replay, ids, "b");
        await Poll.UntilAsync(
            async () =>
            {
                await fixture.AdvanceAsync(FailoverClusterFixture.DecisionWait / 4);
                return (await fixture.Reader.GetTracesAsync(TraceKey.DefaultTenant, ids, Cancellation)).Count;
            },
            stored => stored == ids.Count,
            "every trace to be decided and stored");

        // The first spans the dead silo held are still held, and their replay joins the kept traces.
        Assert.Equal(victimLive, await ReplayUntilAsync(replay, victimLive));
        await WaitUntilAllStoredAsync(fixture, ids);
        await Poll.UntilAsync(() => Task.FromResult(replay.Spans), spans => spans == 0, "the buffer to let the replayed spans go once stored");
    }

    [Fact]
    public async Task ReplayBuffer_WhenFull_RefusesWholeRequests_UntilItsTracesAreSettled()
    {
        await using var fixture = await DeployAsync<FailoverClusterFixture>();
        var replay = NewReplayBuffer(fixture, new ReplayOptions { MaxSpans = 3 });
        var refusedBefore = ReplayMetrics.RefusedSpans.Value;
        var first = NewTraceId();
        var second = NewTraceId();

        Assert.True(replay.TryHold([replay.Batch(new TraceKey(TraceKey.DefaultTenant, first), [Span(first, "a"), Span(first, "b")])]));
        var held = replay.Batch(new TraceKey(TraceKey.DefaultTenant, second), [Span(second, "a"), Span(second, "b")]);
        Assert.False(replay.TryHold([held]));
        Assert.Equal(SpansPerTrace, ReplayMetrics.RefusedSpans.Value - refusedBefore);
        Assert.Equal(SpansPerTrace, replay.Spans);

        // A refused request holds nothing; once the held trace is decided and stored there is room again.
        await replay.SendAsync(replay.Batch(new TraceKey(TraceKey.DefaultTenant, first), [Span(first, "a"), Span(first, "b")]), Cancellation);
        await fixture.WaitUntilStoredAsync(first, SpansPerTrace);
        await Poll.UntilAsync(() => Task.FromResult(replay.Spans), spans => spans == 0, "the settled trace to be let go");
        Assert.True(replay.TryHold([held]));
        Assert.Equal(SpansPerTrace, (await replay.SendAsync(held, Cancellation)).Accepted);
    }

    private static ReplayBuffer NewReplayBuffer(ClusterFixture fixture, ReplayOptions options) =>
        new(fixture.Grains, new TraceGrainReferences(fixture.Grains), Options.Create(options), fixture.Clock, NullLogger<ReplayBuffer>.Instance);

    /// <summary>
    /// Sends new traces through the replay buffer as the gateway does, each in <see cref="SpansPerTrace"/>
    /// requests of one span, so a replay has several held batches to send.
    /// </summary>
    private static async Task<List<string>> SendHeldAsync(ClusterFixture fixture, ReplayBuffer replay, int traces, SpanStatusCode status = SpanStatusCode.Ok)
    {
        var ids = Enumerable.Range(0, traces).Select(_ => NewTraceId()).ToList();
        await SendHeldAsync(replay, ids, "a", status);
        await SendHeldAsync(replay, ids, "b", status);
        return ids;
    }

    /// <summary>Sends one span of each trace through the replay buffer, as the gateway does.</summary>
    private static async Task SendHeldAsync(ReplayBuffer replay, List<string> ids, string spanId, SpanStatusCode status = SpanStatusCode.Ok)
    {
        var results = await Task.WhenAll(ids.Select(async id =>
        {
            var batch = replay.Batch(new TraceKey(TraceKey.DefaultTenant, id), [Span(id, spanId, parent: spanId == "a" ? "up" : "a", status: status)]);
            Assert.True(replay.TryHold([batch]));
            return await replay.SendAsync(batch, Cancellation);
        }));
        Assert.All(results, r => Assert.Equal(1, r.Accepted));
    }

    /// <summary>Checks membership as the gateway's watcher does until <paramref name="expected"/> traces were replayed.</summary>
    private static async Task<int> ReplayUntilAsync(ReplayBuffer replay, int expected)
    {
        var replayed = 0;
        return await Poll.UntilAsync(
            async () => replayed += await SiloLossRetry.RunAsync(() => replay.ReplayDeadSilosAsync(Cancellation), "replay", Cancellation),
            count => count >= expected,
            $"{expected} traces of the killed silo to be replayed");
    }

    private static async Task<T> DeployAsync<T>()
        where T : FailoverClusterFixture, new()
    {
        var fixture = new T();
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

    /// <summary>
    /// A secondary silo (the primary holds the test membership table) holding live traces, not
    /// the <paramref name="stats"/> grain when given, and activations of <paramref name="alsoHosting"/> when given.
    /// </summary>
    private static async Task<SiloHandle> PickVictimAsync(ClusterFixture fixture, IStatsGrain? stats, Type? alsoHosting = null)
    {
        SiloAddress? statsHost = null;
        if (stats is not null)
        {
            await stats.GetSnapshotAsync();
            statsHost = await fixture.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(stats);
        }

        var traceHosts = await TraceGrainHostsAsync(fixture);
        var otherHosts = alsoHosting is null ? null : await GrainHostsAsync(fixture, alsoHosting);
        var victim = fixture.Cluster.SecondarySilos.FirstOrDefault(s =>
            !s.SiloAddress.Equals(statsHost)
            && traceHosts.GetValueOrDefault(s.SiloAddress) > 0
            && (otherHosts is null || otherHosts.GetValueOrDefault(s.SiloAddress) > 0));
        Assert.True(victim is not null, $"no secondary silo holds live traces{(alsoHosting is null ? "" : $" and a {alsoHosting.Name}")}{(stats is null ? "" : " without the stats grain")}");
        return victim;
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
