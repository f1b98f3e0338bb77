using System.Globalization;

namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>
/// The memory the whole process may use, which is what a container's limit kills it at: the
/// memory cgroup's limit (v2 <c>memory.max</c> or v1 <c>memory.limit_in_bytes</c>, the tightest
/// of the process's cgroup and its ancestors) or else the machine's memory. The GC's own limit
/// is a share of that (75 % of a container by default) and bounds only the managed heap, not
/// the native memory, code and stacks beside it. Outside a container, a GC limit below that
/// share of the machine (<c>DOTNET_GCHeapHardLimit</c> alone) implies a process that small.
/// </summary>
public static class ProcessMemoryLimit
{
    /// <summary>The share of a container's memory the GC takes by default, in percent.</summary>
    public const int DefaultGcSharePercent = 75;

    /// <summary>Cgroup v1 reports "no limit" as a page-rounded long.MaxValue; anything this large is none.</summary>
    private const long Unlimited = long.MaxValue / 2;

    /// <summary>
    /// Reads the limit under <paramref name="root"/> ("/" on a real system). Without any cgroup
    /// or meminfo to read (not Linux) it is <paramref name="gcAvailableBytes"/>.
    /// </summary>
    public static long Read(string root, long gcAvailableBytes)
    {
        ArgumentNullException.ThrowIfNull(root);
        var physical = PhysicalMemory(root);
        if (CgroupLimit(root) is { } container)
        {
            return Min(container, physical)!.Value;
        }

        if (physical is not { } machine)
        {
            return gcAvailableBytes;
        }

        var impliedByGc = (Int128)gcAvailableBytes * 100 / DefaultGcSharePercent;
        return (long)Int128.Min(machine, impliedByGc);
    }

    private static long? CgroupLimit(string root)
    {
        var membership = Path.Combine(root, "proc/self/cgroup");
        if (!File.Exists(membership))
        {
            return null;
        }

        long? limit = null;
        foreach (var line in File.ReadLines(membership))
        {
            // hierarchy-id:controllers:path; v2's unified hierarchy is "0::path".
            var parts = line.Split(':', 3);
            if (parts.Length != 3)
            {
                continue;
            }

            if (parts[0] == "0" && parts[1].Length == 0)
            {
                limit = Min(limit, TightestOnPath(root, "sys/fs/cgroup", parts[2], "memory.max"));
                limit = Min(limit, TightestOnPath(root, "sys/fs/cgroup/unified", parts[2], "memory.max"));
            }
            else if (parts[1].Split(',').Contains("memory"))
            {
                limit = Min(limit, TightestOnPath(root, "sys/fs/cgroup/memory", parts[2], "memory.limit_in_bytes"));
            }
        }

        return limit;
    }

    /// <summary>The lowest limit in <paramref name="file"/> of the cgroup at <paramref name="path"/> and each of its ancestors.</summary>
    private static long? TightestOnPath(string root, string mount, string path, string file)
    {
        long? limit = null;
        var cgroup = path.Trim('/');
        while (true)
        {
            limit = Min(limit, ReadLimit(Path.Combine(root, mount, cgroup, file)));
            if (cgroup.Length == 0)
            {
                return limit;
            }

            var parent = cgroup.LastIndexOf('/');
            cgroup = parent < 0 ? string.Empty : cgroup[..parent];
        }
    }

    private static long? ReadLimit(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var text = File.ReadAllText(file).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 && bytes < Unlimited
            ? bytes
            : null;
    }

    private static long? PhysicalMemory(string root)
    {
        var meminfo = Path.Combine(root, "proc/meminfo");
        if (!File.Exists(meminfo))
        {
            return null;
        }

        foreach (var line in File.ReadLines(meminfo))
        {
            // "MemTotal:       24683832 kB"
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
            {
                var fields = line["MemTotal:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length == 2 && fields[1] == "kB" && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                    ? kib * 1024
                    : null;
            }
        }

        return null;
    }

    private static long? Min(long? a, long? b) => a is { } x && b is { } y ? Math.Min(x, y) : a ?? b;
}
