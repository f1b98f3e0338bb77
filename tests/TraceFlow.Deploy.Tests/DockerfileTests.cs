using System.Text.RegularExpressions;
using System.Xml.Linq;
using TraceFlow.Deploy.Tests.Infrastructure;

namespace TraceFlow.Deploy.Tests;

public sealed partial class DockerfileTests
{
    private const string GatewayStage = "gateway";
    private const string SiloStage = "silo";
    private const string DemoStage = "demo";

    private static readonly string[] AllInterfacesHostnames = ["+", "*"];
    private static readonly string[] RootUsers = ["root", "0", "0:0"];
    private static readonly string[] IgnoreFiles = ["Dockerfile.dockerignore", ".dockerignore"];

    private static readonly Dictionary<string, string> ProjectsByStage = new(StringComparer.Ordinal)
    {
        [GatewayStage] = "src/TraceFlow.Gateway/TraceFlow.Gateway.csproj",
        [SiloStage] = "src/TraceFlow.Silo/TraceFlow.Silo.csproj",
        [DemoStage] = "src/TraceFlow.Demo/TraceFlow.Demo.csproj",
    };

    private static Dockerfile Load() => Dockerfile.Load(Repo.PathOf("Dockerfile"));

    [Fact]
    public void Dockerfile_Stages_BuildWithSdk10AndRunOnAspnet10()
    {
        var dockerfile = Load();

        Assert.Equal("mcr.microsoft.com/dotnet/sdk:10.0", dockerfile.Stages[0].Image);
        Assert.All(ProjectsByStage.Keys, stage => Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.BaseImage(stage)));
    }

    [Fact]
    public void Dockerfile_DefaultTarget_IsTheGateway()
    {
        // `docker build .` builds the last stage; the collector people run first is the gateway.
        Assert.Equal(GatewayStage, Load().Stages[^1].Name);
    }

    [Fact]
    public void Dockerfile_CopySources_ExistInRepository()
    {
        var dockerfile = Load();

        var missing = dockerfile.Stages
            .SelectMany(s => s.Copies)
            .Where(c => c.From is null)
            .SelectMany(c => c.Sources.Select(source => (c.Line, Source: source)))
            .Where(c => !File.Exists(Repo.PathOf(c.Source)) && !Directory.Exists(Repo.PathOf(c.Source)))
            .Select(c => $"line {c.Line}: {c.Source}")
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Dockerfile_Restore_SeesEveryProjectAndBuildPropsItNeeds()
    {
        var build = Load().Stages[0];
        var restoreIndex = build.Instructions.ToList().FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restoreIndex >= 0, "The build stage has no RUN dotnet restore");
        var copiedBeforeRestore = build.Instructions.Take(restoreIndex)
            .Where(i => i.Keyword is "COPY" or "ADD")
            .Select(DockerCopy.Parse)
            .SelectMany(c => c.Sources)
            .ToHashSet(StringComparer.Ordinal);

        var needed = ProjectsByStage.Values.SelectMany(ProjectClosure).Distinct(StringComparer.Ordinal)
            .Concat(["Directory.Build.props", "Directory.Packages.props", "global.json"]);
        var missing = needed.Where(path => !copiedBeforeRestore.Contains(path)).ToList();

        Assert.True(missing.Count == 0, $"Copy these before `dotnet restore`: {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData(GatewayStage)]
    [InlineData(SiloStage)]
    [InlineData(DemoStage)]
    public void Dockerfile_RuntimeStage_RunsTheDllPublishedForIt(string stage)
    {
        var dockerfile = Load();
        var project = ProjectsByStage[stage];
        var publish = PublishPattern().Matches(string.Join('\n', dockerfile.Stages[0].All("RUN").Select(r => r.Arguments)))
            .ToDictionary(m => m.Groups["project"].Value, m => m.Groups["out"].Value, StringComparer.Ordinal);
        Assert.True(publish.TryGetValue(project, out var outputDir), $"No `dotnet publish {project} ... -o <dir>` in the build stage");

        var runtime = dockerfile.Stage(stage);
        Assert.Contains(runtime.Copies, c => c.From == dockerfile.Stages[0].Name && c.Sources.Contains(outputDir));
        var entrypoint = Dockerfile.Tokenize(Assert.Single(runtime.All("ENTRYPOINT")).Arguments);
        Assert.Equal(["dotnet", AssemblyName(project) + ".dll"], entrypoint);
    }

    [Fact]
    public void Dockerfile_GatewayStage_ExposesUiAndOtlpPorts()
    {
        var gateway = Load().Stage(GatewayStage);

        Assert.Superset(new HashSet<int> { 9411, 4317, 4318 }, gateway.ExposedPorts.ToHashSet());
    }

    [Fact]
    public void Dockerfile_GatewayStage_ListensOnAllInterfacesOn9411()
    {
        var env = Load().Stage(GatewayStage).Environment;

        var urls = GatewayUrls.Effective(env);

        Assert.True(GatewayUrls.ListensOnAllInterfaces(urls, 9411), $"The gateway image binds '{urls}', not 0.0.0.0:9411");
    }

    [Fact]
    public void Dockerfile_SiloStage_ExposesOrleansAndMetricsPortsOnEveryInterface()
    {
        var silo = Load().Stage(SiloStage);

        Assert.Superset(new HashSet<int> { 11111, 30000, 9464 }, silo.ExposedPorts.ToHashSet());
        // Without these the silo listens on loopback only and EXPOSE reaches nothing.
        Assert.Equal("true", silo.Environment.GetValueOrDefault("TraceFlow__Silo__ListenOnAnyAddress"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains(silo.Environment.GetValueOrDefault("TraceFlow__Silo__MetricsHostname"), AllInterfacesHostnames);
    }

    [Theory]
    [InlineData(GatewayStage)]
    [InlineData(SiloStage)]
    [InlineData(DemoStage)]
    public void Dockerfile_RuntimeStage_DoesNotRunAsRoot(string stage)
    {
        var user = Load().Stage(stage).All("USER").LastOrDefault();

        Assert.NotNull(user);
        Assert.DoesNotContain(user.Arguments.Trim(), RootUsers);
    }

    [Fact]
    public void DockerIgnore_KeepsHostBuildOutputOutOfTheContext()
    {
        // A host obj/project.assets.json in the context breaks the container's restore.
        var path = IgnoreFiles.Select(f => Repo.PathOf(f)).FirstOrDefault(File.Exists);
        Assert.True(path is not null, "No Dockerfile.dockerignore or .dockerignore");
        var patterns = File.ReadAllLines(path).Select(l => l.Trim().TrimEnd('/')).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("**/bin", patterns);
        Assert.Contains("**/obj", patterns);
    }

    /// <summary>The project and every project it references, transitively, as repo-relative paths.</summary>
    private static IEnumerable<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var path = Repo.PathOf(current);
            Assert.True(File.Exists(path), $"{current} is missing");
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")?.Value.Replace('\\', '/') ?? "";
                var full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, include));
                pending.Push(Repo.Relative(full));
            }
        }

        return seen;
    }

    private static string AssemblyName(string project)
    {
        var name = XDocument.Load(Repo.PathOf(project)).Descendants("AssemblyName").FirstOrDefault()?.Value;
        return name ?? Path.GetFileNameWithoutExtension(project);
    }

    [GeneratedRegex(@"dotnet publish\s+(?<project>\S+\.csproj)\b[^\n&]*?\s-o\s+(?<out>\S+)")]
    private static partial Regex PublishPattern();
}
