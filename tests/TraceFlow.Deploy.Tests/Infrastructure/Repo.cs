namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository, found from the test binaries by walking up to TraceFlow.sln.</summary>
internal static class Repo
{
    public const string SolutionFile = "TraceFlow.sln";

    public static string Root { get; } = FindRoot(AppContext.BaseDirectory);

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadText(params string[] parts)
    {
        var path = PathOf(parts);
        Assert.True(File.Exists(path), $"{Relative(path)} is missing");
        return File.ReadAllText(path);
    }

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {start}");
    }
}
