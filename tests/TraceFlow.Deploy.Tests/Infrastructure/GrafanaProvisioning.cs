using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>One query of a dashboard panel.</summary>
internal sealed record DashboardQuery(string Dashboard, string Panel, string DatasourceUid, string Expression);

/// <summary>deploy/grafana: the provisioned data sources and dashboards.</summary>
internal static class GrafanaProvisioning
{
    public const string Folder = "deploy/grafana";

    public static string DatasourcesFile => Repo.PathOf("deploy", "grafana", "provisioning", "datasources", "traceflow.yaml");

    public static string DashboardProvidersFile => Repo.PathOf("deploy", "grafana", "provisioning", "dashboards", "traceflow.yaml");

    public static string DashboardsDirectory => Repo.PathOf("deploy", "grafana", "dashboards");

    public static IReadOnlyList<YamlMappingNode> Datasources() =>
        Yaml.LoadSingle(DatasourcesFile).Seq("datasources").Cast<YamlMappingNode>().ToList();

    public static YamlMappingNode Datasource(string type) =>
        Assert.Single(Datasources(), d => d.Str("type") == type);

    public static IReadOnlyList<string> DashboardFiles() =>
        Directory.EnumerateFiles(DashboardsDirectory, "*.json").Order(StringComparer.Ordinal).ToList();

    /// <summary>Every query of every panel (rows' nested panels included) of every dashboard.</summary>
    public static IReadOnlyList<DashboardQuery> Queries()
    {
        var result = new List<DashboardQuery>();
        foreach (var file in DashboardFiles())
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var title = json.RootElement.GetProperty("title").GetString() ?? file;
            foreach (var panel in Panels(json.RootElement))
            {
                if (!panel.TryGetProperty("targets", out var targets))
                {
                    continue;
                }

                var panelTitle = panel.GetProperty("title").GetString() ?? "";
                foreach (var target in targets.EnumerateArray())
                {
                    var datasource = target.TryGetProperty("datasource", out var ds) ? ds : panel.GetProperty("datasource");
                    result.Add(new DashboardQuery(title, panelTitle, datasource.GetProperty("uid").GetString() ?? "", target.GetProperty("expr").GetString() ?? ""));
                }
            }
        }

        return result;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement container)
    {
        if (!container.TryGetProperty("panels", out var panels))
        {
            yield break;
        }

        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            foreach (var nested in Panels(panel))
            {
                yield return nested;
            }
        }
    }
}
