using System.Text.Json;
using System.Xml.Linq;
using TraceFlow.Deploy.Tests.Infrastructure;

namespace TraceFlow.Deploy.Tests;

/// <summary>The <c>TraceFlow__Section__Key</c> settings that deployments pass are ones the code binds.</summary>
public sealed class ConfigurationKeyTests
{
    [Fact]
    public void DeploymentSettings_TraceFlowSections_AreKnownOptionSections()
    {
        var settings = DeploymentSettings().ToList();
        Assert.Contains(settings, s => s.Name.StartsWith("TraceFlow__", StringComparison.Ordinal));

        var unknown = settings
            .Where(s => OptionSections.Parse(s.Name) is { } parsed && !OptionSections.Known.Contains(parsed.Section))
            .Select(s => $"{s.Name} ({s.Source})")
            .ToList();

        Assert.True(unknown.Count == 0, $"Unknown sections (allowed: {string.Join(", ", OptionSections.Known)}): {string.Join("; ", unknown)}");
    }

    [Fact]
    public void DeploymentSettings_TraceFlowKeys_AreOptionPropertiesWhereTheSectionIsBound()
    {
        var bound = OptionSections.FindInSource();
        Assert.Contains("Cluster", bound.Keys);

        var unbound = DeploymentSettings()
            .Select(s => (s.Name, s.Source, Parsed: OptionSections.Parse(s.Name)))
            .Where(s => s.Parsed is { Key: { } key } parsed && bound.TryGetValue(parsed.Section, out var properties) && !properties.Contains(key)
                && !OptionSections.Pending.Contains((parsed.Section, key)))
            .Select(s => $"{s.Name} ({s.Source})")
            .ToList();

        Assert.True(unbound.Count == 0, $"No such option property: {string.Join("; ", unbound)}");
    }

    [Fact]
    public void SiloAppSettings_TraceFlowKeys_AreKnownOptionProperties()
    {
        using var json = JsonDocument.Parse(Repo.ReadText("src", "TraceFlow.Silo", "appsettings.json"));
        var bound = OptionSections.FindInSource();

        Assert.True(json.RootElement.TryGetProperty("TraceFlow", out var traceFlow), "The silo's appsettings.json has no TraceFlow section");
        foreach (var section in traceFlow.EnumerateObject())
        {
            Assert.Contains(section.Name, OptionSections.Known);
            Assert.True(bound.TryGetValue(section.Name, out var properties), $"No options class binds TraceFlow:{section.Name}");
            Assert.All(section.Value.EnumerateObject(), key => Assert.Contains(key.Name, properties));
        }
    }

    [Fact]
    public void SiloAppSettings_Logging_KeepsOrleansAtWarning()
    {
        using var json = JsonDocument.Parse(Repo.ReadText("src", "TraceFlow.Silo", "appsettings.json"));

        var orleans = json.RootElement.GetProperty("Logging").GetProperty("LogLevel").GetProperty("Orleans").GetString();

        Assert.Equal("Warning", orleans);
    }

    [Fact]
    public void SiloProject_RunsWithServerGarbageCollection()
    {
        var project = XDocument.Parse(Repo.ReadText("src", "TraceFlow.Silo", "TraceFlow.Silo.csproj"));

        var serverGc = project.Descendants("ServerGarbageCollection").Select(e => e.Value).LastOrDefault();

        Assert.Equal("true", serverGc, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Solution_ListsTheSiloAndDeployTestProjects()
    {
        var solution = Repo.ReadText(Repo.SolutionFile);

        Assert.Contains(@"src\TraceFlow.Silo\TraceFlow.Silo.csproj", solution, StringComparison.Ordinal);
        Assert.Contains(@"tests\TraceFlow.Deploy.Tests\TraceFlow.Deploy.Tests.csproj", solution, StringComparison.Ordinal);
    }

    /// <summary>Every variable the Dockerfile, docker-compose.yml and the Kubernetes manifests set.</summary>
    private static IEnumerable<(string Name, string Source)> DeploymentSettings()
    {
        foreach (var stage in Dockerfile.Load(Repo.PathOf("Dockerfile")).Stages)
        {
            foreach (var name in stage.Environment.Keys)
            {
                yield return (name, $"Dockerfile stage {stage.Name}");
            }
        }

        var compose = ComposeFile.Load();
        foreach (var service in compose.ServiceNames)
        {
            foreach (var name in ComposeFile.Environment(compose.Service(service)).Keys)
            {
                yield return (name, $"{ComposeFile.FileName} {service}");
            }
        }

        var kube = Kube.Load();
        foreach (var container in kube.Workloads.SelectMany(w => w.Containers))
        {
            foreach (var name in container.Env.Keys)
            {
                yield return (name, $"{Kube.Folder} container {container.Name}");
            }
        }

        foreach (var configMap in kube.Objects.Where(o => o.Kind == "ConfigMap"))
        {
            foreach (var name in configMap.Node.Map("data").ScalarMap().Keys)
            {
                yield return (name, $"{Kube.Folder} {configMap}");
            }
        }
    }
}
