using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Ingest.Admission;

namespace TraceFlow.Gateway.Tests.Ingest.Admission;

public sealed class MemoryPressureMonitorTests
{
    private readonly FakeProcessMemory memory = new();
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public void WithoutAConfiguredLimit_TheCeilingIsEightyPercentOfTheAvailableMemory_AndTheSoftLimitTwentyPercentBelowIt()
    {
        var monitor = Monitor(new AdmissionOptions());

        Assert.Equal(FakeProcessMemory.OneGiB * 4 * 8 / 10, monitor.CeilingBytes);
        Assert.Equal(monitor.CeilingBytes * 8 / 10, monitor.SoftLimitBytes);
    }

    [Fact]
    public void AConfiguredLimitAboveWhatTheProcessMayUse_IsCappedAtEightyPercentOfIt()
    {
        Assert.Equal(FakeProcessMemory.OneGiB * 4 * 8 / 10, Monitor(new AdmissionOptions { MemoryLimitMiB = 8192 }).CeilingBytes);
        Assert.Equal(FakeProcessMemory.OneGiB * 2, Monitor(new AdmissionOptions { MemoryLimitMiB = 2048 }).CeilingBytes);
    }

    [Fact]
    public void Levels_FollowTheWorkingSet_AcrossTheSoftLimitAndTheCeiling()
    {
        var monitor = Monitor(new AdmissionOptions { MemoryLimitMiB = 1024, SpikePercent = 25 });

        memory.WorkingSetBytes = (FakeProcessMemory.OneGiB * 3 / 4) - 1;
        Assert.Equal(MemoryPressureLevel.Normal, monitor.Check());
        memory.WorkingSetBytes = FakeProcessMemory.OneGiB * 3 / 4;
        Assert.Equal(MemoryPressureLevel.Soft, monitor.Check());
        memory.WorkingSetBytes = FakeProcessMemory.OneGiB;
        Assert.Equal(MemoryPressureLevel.Hard, monitor.Check());
        memory.WorkingSetBytes = FakeProcessMemory.OneGiB / 2;
        Assert.Equal(MemoryPressureLevel.Normal, monitor.Check());
        Assert.Equal(MemoryPressureLevel.Normal, monitor.Level);
    }

    [Fact]
    public void AboveTheSoftLimit_ACollectionIsForced_AndWhileItGivesTooLittleBack_TheyBackOffDoubling()
    {
        var monitor = Monitor(new AdmissionOptions { MemoryLimitMiB = 1024, CheckInterval = TimeSpan.FromSeconds(1) });
        memory.WorkingSetBytes = (FakeProcessMemory.OneGiB * 8 / 10) - 1;
        Assert.Equal(MemoryPressureLevel.Normal, monitor.Check());
        Assert.Equal(0, memory.Collections);
        memory.WorkingSetBytes = FakeProcessMemory.OneGiB + 1;

        Assert.Equal(MemoryPressureLevel.Hard, monitor.Check());
        Assert.Equal(1, memory.Collections);

        // The collection left the process over the soft limit: the next ones wait 1 s, 2 s, then 4 s.
        var collectedAt = new List<int>();
        for (var second = 1; second <= 10; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var before = memory.Collections;
            Assert.Equal(MemoryPressureLevel.Hard, monitor.Check());
            if (memory.Collections > before)
            {
                collectedAt.Add(second);
            }
        }

        Assert.Equal([1, 3, 7], collectedAt);

        // Next due 8 s after the last, at 15 s. One that frees enough ends the pressure, and the back-off starts over.
        clock.Advance(TimeSpan.FromSeconds(5));
        memory.AfterCollect = FakeProcessMemory.OneGiB / 2;
        Assert.Equal(MemoryPressureLevel.Normal, monitor.Check());
        Assert.Equal(5, memory.Collections);
        memory.AfterCollect = null;
        memory.WorkingSetBytes = FakeProcessMemory.OneGiB * 9 / 10;
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(MemoryPressureLevel.Soft, monitor.Check());
        Assert.Equal(6, memory.Collections);
    }

    [Fact]
    public void WhenTheWorkingSetOverTheSoftLimitIsGarbage_EachCheckCollectsIt_AndNothingIsShed()
    {
        var monitor = Monitor(new AdmissionOptions { MemoryLimitMiB = 1024, CheckInterval = TimeSpan.FromSeconds(1) });
        memory.AfterCollect = FakeProcessMemory.OneGiB * 4 / 10;

        for (var second = 0; second < 5; second++)
        {
            // What a loaded process does between checks: garbage fills what the GC may use.
            memory.WorkingSetBytes = FakeProcessMemory.OneGiB * 9 / 10;
            Assert.Equal(MemoryPressureLevel.Normal, monitor.Check());
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(5, memory.Collections);
    }

    [Fact]
    public void RequestBytesInFlight_AreCapped_ButOneRequestAlwaysFits()
    {
        var admission = new IngestAdmission(
            Options.Create(new AdmissionOptions { MaxInFlightMiB = 1 }),
            Options.Create(new IngestOptions { MaxRequestBytes = 4 * 1024 * 1024 }),
            Monitor(new AdmissionOptions { MemoryLimitMiB = 1024 }),
            new AdaptiveConcurrencyLimit(Options.Create(new AdmissionOptions()), clock));

        using (var first = admission.TryAdmit(600 * 1024))
        {
            Assert.Null(first.Refusal);
            using var second = admission.TryAdmit(600 * 1024);
            Assert.Equal(IngestAdmission.InFlightBytes, second.Refusal?.Reason);
            Assert.Equal(600 * 1024, admission.BytesInFlight);
        }

        using var large = admission.TryAdmit(3 * 1024 * 1024);
        Assert.Null(large.Refusal);
        Assert.Equal(1, admission.RequestsInFlight);
    }

    [Fact]
    public void ByDefault_RequestBytesInFlight_AreATwentiethOfTheCeiling_AtMost512MiB()
    {
        var admission = new IngestAdmission(
            Options.Create(new AdmissionOptions()),
            Options.Create(new IngestOptions { MaxRequestBytes = 4 * 1024 * 1024 }),
            Monitor(new AdmissionOptions { MemoryLimitMiB = 1000 }),
            new AdaptiveConcurrencyLimit(Options.Create(new AdmissionOptions()), clock));

        var tickets = Enumerable.Range(0, 12).Select(_ => admission.TryAdmit(4 * 1024 * 1024)).ToList();
        Assert.All(tickets, t => Assert.Null(t.Refusal)); // 48 of the 50 MiB a 1000 MiB ceiling allows
        using (var over = admission.TryAdmit(4 * 1024 * 1024))
        {
            Assert.Equal(IngestAdmission.InFlightBytes, over.Refusal?.Reason);
        }

        tickets.ForEach(t => t.Dispose());
        Assert.Equal(512L * 1024 * 1024, new AdmissionOptions().InFlightBytesUnder(64L * 1024 * 1024 * 1024));
        Assert.Equal(7L * 1024 * 1024, new AdmissionOptions { MaxInFlightMiB = 7 }.InFlightBytesUnder(1024L * 1024 * 1024));
    }

    private MemoryPressureMonitor Monitor(AdmissionOptions options) =>
        new(memory, Options.Create(options), clock, NullLogger<MemoryPressureMonitor>.Instance);
}
