using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Admission;

namespace TraceFlow.Gateway.Tests.Ingest.Admission;

public sealed class AdaptiveConcurrencyLimitTests
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(2);

    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void ADispatchSlowerThanTheTarget_HalvesTheLimit_OncePerRound()
    {
        var limit = Limit(max: 1024);
        var before = limit.Start();
        var alsoBefore = limit.Start();

        clock.Advance(Target + TimeSpan.FromMilliseconds(1));
        limit.Completed(before);
        Assert.Equal(512, limit.Current);

        // Let in under the old limit: no evidence against the new one.
        limit.Completed(alsoBefore);
        Assert.Equal(512, limit.Current);

        var after = limit.Start();
        clock.Advance(Target + TimeSpan.FromMilliseconds(1));
        limit.Completed(after);
        Assert.Equal(256, limit.Current);
    }

    [Fact]
    public void ADispatchWithinTheTarget_LeavesAFullLimitAlone()
    {
        var limit = Limit(max: 64);
        var started = limit.Start();
        clock.Advance(Target);

        limit.Completed(started);

        Assert.Equal(64, limit.Current);
    }

    [Fact]
    public void DispatchesWithinTheTarget_RaiseTheLimitByAboutOnePerRound_BackToTheMaximum()
    {
        var limit = Limit(max: 40);
        Slow(limit);
        Assert.Equal(20, limit.Current);

        // A round at a limit of 20 is 20 dispatches: each adds 1/limit.
        for (var i = 0; i < 20; i++)
        {
            Fast(limit);
        }

        Assert.Equal(20, limit.Current); // 20 + 20 * 1/20.x falls just short of 21
        Fast(limit);
        Assert.Equal(21, limit.Current);

        for (var i = 0; i < 1000; i++)
        {
            Fast(limit);
        }

        Assert.Equal(40, limit.Current);
    }

    [Fact]
    public void HoweverSlowDispatchIs_AFewRequestsAreStillLetIn()
    {
        var limit = Limit(max: 1024);
        for (var i = 0; i < 20; i++)
        {
            Slow(limit);
        }

        Assert.Equal(AdaptiveConcurrencyLimit.Floor, limit.Current);
        Assert.Equal(2, Limit(max: 2).Current);
    }

    [Fact]
    public void BeyondALoweredLimit_AdmissionRefusesAsADispatchBacklog_NamingTheTarget()
    {
        var limit = Limit(max: 8);
        var admission = Admission(limit);
        Slow(limit);
        Assert.Equal(AdaptiveConcurrencyLimit.Floor, limit.Current);

        var admitted = Enumerable.Range(0, 4).Select(_ => admission.TryAdmit(1024)).ToList();
        Assert.All(admitted, t => Assert.Null(t.Refusal));
        using (var refused = admission.TryAdmit(1024))
        {
            Assert.Equal(IngestAdmission.DispatchBacklog, refused.Refusal?.Reason);
            Assert.Contains("longer than 2 s to reach their traces", refused.Refusal?.Message, StringComparison.Ordinal);
            Assert.Contains("4 ingest requests at a time", refused.Refusal?.Message, StringComparison.Ordinal);
        }

        admitted.ForEach(t => t.Dispose());
        for (var i = 0; i < 100; i++)
        {
            Fast(limit);
        }

        // Back at its maximum, the limit refuses as the plain in-flight cap.
        var full = Enumerable.Range(0, 8).Select(_ => admission.TryAdmit(1024)).ToList();
        Assert.All(full, t => Assert.Null(t.Refusal));
        using (var refused = admission.TryAdmit(1024))
        {
            Assert.Equal(IngestAdmission.InFlightRequests, refused.Refusal?.Reason);
        }

        full.ForEach(t => t.Dispose());
    }

    [Theory]
    [InlineData("00:00:00.009", false)]
    [InlineData("00:00:00.010", true)]
    [InlineData("00:10:00", true)]
    [InlineData("00:10:00.001", false)]
    public void TheTargetDispatchTime_OutsideTenMillisecondsToTenMinutes_IsRefusedNamingTheSetting(string target, bool valid)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var options = new AdmissionOptions { TargetDispatchTime = TimeSpan.Parse(target, System.Globalization.CultureInfo.InvariantCulture) };

        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.Equal(valid ? [] : [nameof(AdmissionOptions.TargetDispatchTime)], results.SelectMany(r => r.MemberNames));
    }

    private AdaptiveConcurrencyLimit Limit(int max) =>
        new(Options.Create(new AdmissionOptions { MaxInFlightRequests = max, TargetDispatchTime = Target }), clock);

    private IngestAdmission Admission(AdaptiveConcurrencyLimit limit)
    {
        var options = Options.Create(new AdmissionOptions { MemoryLimitMiB = 1024 });
        var monitor = new MemoryPressureMonitor(new FakeProcessMemory(), options, clock, NullLogger<MemoryPressureMonitor>.Instance);
        return new IngestAdmission(options, Options.Create(new IngestOptions()), monitor, limit);
    }

    private void Slow(AdaptiveConcurrencyLimit limit)
    {
        var started = limit.Start();
        clock.Advance(Target + TimeSpan.FromMilliseconds(1));
        limit.Completed(started);
    }

    private void Fast(AdaptiveConcurrencyLimit limit)
    {
        var started = limit.Start();
        clock.Advance(TimeSpan.FromMilliseconds(20));
        limit.Completed(started);
    }
}
