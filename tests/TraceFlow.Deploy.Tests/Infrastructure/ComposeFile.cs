using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>docker-compose.yml, read as <c>docker compose</c> would with no variables set.</summary>
internal sealed partial class ComposeFile
{
    public const string FileName = "docker-compose.yml";

    private ComposeFile(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public IReadOnlyList<string> ServiceNames =>
        Root.Map("services")?.Children.Keys.Select(k => k.Scalar() ?? "").ToList() ?? [];

    public static ComposeFile Load() => new(Yaml.LoadSingle(Repo.PathOf(FileName)));

    public YamlMappingNode Service(string name)
    {
        var service = Root.Map("services").Map(name);
        Assert.True(service is not null, $"{FileName} has no service '{name}' (services: {string.Join(", ", ServiceNames)})");
        return service;
    }

    /// <summary>The service's environment (map or list form), variables substituted.</summary>
    public static IReadOnlyDictionary<string, string> Environment(YamlNode service)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (service.Get("environment"))
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    result[key.Scalar() ?? ""] = Interpolate(value.Scalar() ?? "");
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children.Select(c => c.Scalar() ?? ""))
                {
                    var eq = item.IndexOf('=', StringComparison.Ordinal);
                    result[eq < 0 ? item : item[..eq]] = eq < 0 ? "" : Interpolate(item[(eq + 1)..]);
                }

                break;
        }

        return result;
    }

    /// <summary>Container-side ports from short (<c>"8080:80/tcp"</c>) and long (<c>target:</c>) syntax.</summary>
    public static IReadOnlyList<int> ContainerPorts(YamlNode service) =>
        service.Seq("ports").Select(p => p switch
        {
            YamlMappingNode map => Kube.Int(map.Str("target")),
            _ => Kube.Int(Interpolate(p.Scalar() ?? "").Split('/')[0].Split(':')[^1]),
        }).ToList();

    /// <summary><c>${VAR}</c>, <c>${VAR-default}</c>, <c>${VAR:-default}</c> with no variable set; <c>$$</c> is a dollar.</summary>
    public static string Interpolate(string value) =>
        VariablePattern().Replace(value, m => m.Value == "$$" ? "$" : m.Groups["default"].Value);

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?::?-)(?<default>[^}]*))?\}")]
    private static partial Regex VariablePattern();
}
