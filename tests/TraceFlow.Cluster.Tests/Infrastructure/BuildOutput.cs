using System.Reflection;

namespace TraceFlow.Cluster.Tests.Infrastructure;

/// <summary>Where the projects this one references were built (same configuration as the tests).</summary>
public static class BuildOutput
{
    public static string Root { get; } = FindRoot();

    private static string Configuration { get; } = typeof(BuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    /// <summary>The folder holding <c>{project}.dll</c>, e.g. <c>src/TraceFlow.Silo/bin/Release/net10.0</c>.</summary>
    public static string Folder(string project)
    {
        var folder = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0");
        return File.Exists(Path.Combine(folder, project + ".dll"))
            ? folder
            : throw new InvalidOperationException($"{project}.dll is not built in {folder}");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraceFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TraceFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
