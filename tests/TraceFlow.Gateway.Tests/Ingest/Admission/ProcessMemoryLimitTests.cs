using TraceFlow.Gateway.Ingest.Admission;

namespace TraceFlow.Gateway.Tests.Ingest.Admission;

/// <summary>
/// The memory limit read from a file tree laid out as Linux shows it (/proc and /sys/fs/cgroup),
/// one per test, so each container layout can be set up exactly.
/// </summary>
public sealed class ProcessMemoryLimitTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private const long MachineKiB = 24L * 1024 * 1024;
    private const long Machine = MachineKiB * 1024;

    /// <summary>What the GC may use with no limit of its own: the whole machine.</summary>
    private const long GcUnlimited = Machine;

    private readonly string root = Directory.CreateTempSubdirectory("traceflow-memlimit-").FullName;

    public ProcessMemoryLimitTests() => Write("proc/meminfo", $"MemTotal:       {MachineKiB} kB\nMemFree:        1000 kB\n");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void WithoutAContainer_ItIsTheMachinesMemory()
    {
        Write("proc/self/cgroup", "4:memory:/\n0::/\n");
        Write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");

        Assert.Equal(Machine, ProcessMemoryLimit.Read(root, GcUnlimited));
    }

    [Fact]
    public void InACgroupV1Container_ItIsTheTightestLimitOnTheCgroupsPath()
    {
        Write("proc/self/cgroup", "9:name=systemd:/\n4:memory:/jobs/bench\n3:cpuset:/\n0::/\n");
        Write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
        Write("sys/fs/cgroup/memory/jobs/memory.limit_in_bytes", $"{2048 * MiB}\n");
        Write("sys/fs/cgroup/memory/jobs/bench/memory.limit_in_bytes", $"{1024 * MiB}\n");

        Assert.Equal(1024 * MiB, ProcessMemoryLimit.Read(root, 768 * MiB));

        // A parent tighter than the process's own cgroup wins.
        Write("sys/fs/cgroup/memory/jobs/memory.limit_in_bytes", $"{512 * MiB}\n");
        Assert.Equal(512 * MiB, ProcessMemoryLimit.Read(root, 384 * MiB));
    }

    [Fact]
    public void InACgroupV2Container_ItIsMemoryMax_AndMaxMeansNoLimit()
    {
        Write("proc/self/cgroup", "0::/\n");
        Write("sys/fs/cgroup/memory.max", $"{1024 * MiB}\n");
        Assert.Equal(1024 * MiB, ProcessMemoryLimit.Read(root, 768 * MiB));

        Write("sys/fs/cgroup/memory.max", "max\n");
        Assert.Equal(Machine, ProcessMemoryLimit.Read(root, GcUnlimited));
    }

    [Fact]
    public void OnAHybridHierarchy_TheUnifiedMountIsRead()
    {
        Write("proc/self/cgroup", "4:memory:/\n0::/pods/collector\n");
        Write("sys/fs/cgroup/unified/pods/collector/memory.max", $"{2048 * MiB}\n");

        Assert.Equal(2048 * MiB, ProcessMemoryLimit.Read(root, 1536 * MiB));
    }

    [Fact]
    public void OutsideAContainer_AGcLimitBelowItsUsualShare_ImpliesAProcessThatSmall()
    {
        // DOTNET_GCHeapHardLimit=768 MiB on a 24 GiB machine: the process is sized as if in a 1 GiB container.
        Write("proc/self/cgroup", "0::/\n");
        Assert.Equal(1024 * MiB, ProcessMemoryLimit.Read(root, 768 * MiB));
    }

    [Theory]
    [InlineData(922)] // GCHeapHardLimitPercent=90
    [InlineData(614)] // GCHeapHardLimitPercent=60
    public void InAContainer_ItsLimitHolds_WhateverShareTheGcWasGiven(long gcMiB)
    {
        Write("proc/self/cgroup", "0::/\n");
        Write("sys/fs/cgroup/memory.max", $"{1024 * MiB}\n");

        Assert.Equal(1024 * MiB, ProcessMemoryLimit.Read(root, gcMiB * MiB));
    }

    [Fact]
    public void AContainerLimitAboveTheMachinesMemory_IsTheMachinesMemory()
    {
        Write("proc/self/cgroup", "0::/\n");
        Write("sys/fs/cgroup/memory.max", $"{Machine * 2}\n");

        Assert.Equal(Machine, ProcessMemoryLimit.Read(root, Machine * 3 / 4));
    }

    [Fact]
    public void WithNothingToRead_ItIsWhatTheGcMayUse()
    {
        var bare = Directory.CreateTempSubdirectory("traceflow-memlimit-bare-").FullName;
        try
        {
            Assert.Equal(3 * MiB * 1024, ProcessMemoryLimit.Read(bare, 3 * MiB * 1024));
        }
        finally
        {
            Directory.Delete(bare);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage\n")]
    [InlineData("-5\n")]
    [InlineData("0\n")]
    public void AnUnreadableLimit_CountsAsNone(string content)
    {
        Write("proc/self/cgroup", "4:memory:/c\n");
        Write("sys/fs/cgroup/memory/c/memory.limit_in_bytes", content);

        Assert.Equal(Machine, ProcessMemoryLimit.Read(root, GcUnlimited));
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
