using YamlDotNet.RepresentationModel;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>One object from a manifest file.</summary>
internal sealed record KubeObject(string File, YamlMappingNode Node)
{
    public string Kind => Node.Str("kind") ?? "";

    public string Name => Node.Map("metadata").Str("name") ?? "";

    public string? Namespace => Node.Map("metadata").Str("namespace");

    public IReadOnlyDictionary<string, string> Labels => Node.Map("metadata").Map("labels").ScalarMap();

    public override string ToString() => $"{Kind}/{Name} ({File})";
}

/// <summary>A Deployment or StatefulSet: its selector, pod template and containers.</summary>
internal sealed record Workload(KubeObject Object)
{
    public string Name => Object.Name;

    public YamlMappingNode? Spec => Object.Node.Map("spec");

    public YamlMappingNode? PodSpec => Spec.Map("template").Map("spec");

    public IReadOnlyDictionary<string, string> Selector => Spec.Map("selector").Map("matchLabels").ScalarMap();

    public IReadOnlyDictionary<string, string> PodLabels => Spec.Map("template").Map("metadata").Map("labels").ScalarMap();

    public IReadOnlyList<Container> Containers => PodSpec.Seq("containers").Select(c => new Container((YamlMappingNode)c)).ToList();

    public Container SingleContainer
    {
        get
        {
            Assert.True(Containers.Count == 1, $"{Object} has {Containers.Count} containers, expected 1");
            return Containers[0];
        }
    }

    public override string ToString() => Object.ToString();
}

internal sealed record ContainerPort(string? Name, int Number);

internal sealed record Container(YamlMappingNode Node)
{
    public string Name => Node.Str("name") ?? "";

    public string Image => Node.Str("image") ?? "";

    /// <summary>The image name without registry tag or digest: <c>traceflow-silo</c>.</summary>
    public string ImageName => Image.Split('@')[0].Split(':')[0].Split('/')[^1];

    public IReadOnlyList<ContainerPort> Ports =>
        Node.Seq("ports").Select(p => new ContainerPort(p.Str("name"), Kube.Int(p.Str("containerPort")))).ToList();

    /// <summary>Plain <c>env</c> values (valueFrom entries map to an empty string).</summary>
    public IReadOnlyDictionary<string, string> Env =>
        Node.Seq("env").ToDictionary(e => e.Str("name") ?? "", e => e.Str("value") ?? "", StringComparer.Ordinal);

    public IReadOnlyList<string> EnvFromConfigMaps =>
        Node.Seq("envFrom").Select(e => e.Map("configMapRef").Str("name")).OfType<string>().ToList();

    public YamlMappingNode? Probe(string kind) => Node.Map(kind);

    /// <summary>Resolves a probe's or service's port (a number or a container port name) to a number, or null.</summary>
    public int? ResolvePort(string? port)
    {
        if (port is null)
        {
            return null;
        }

        if (int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return Ports.Any(p => p.Number == number) ? number : null;
        }

        return Ports.FirstOrDefault(p => string.Equals(p.Name, port, StringComparison.Ordinal))?.Number;
    }
}

/// <summary>The manifests under deploy/k8s.</summary>
internal sealed class Kube
{
    public const string Folder = "deploy/k8s";
    public const string KustomizationFile = "kustomization.yaml";

    private Kube(IReadOnlyList<string> files, IReadOnlyList<KubeObject> objects)
    {
        Files = files;
        Objects = objects;
    }

    /// <summary>Every *.yaml / *.yml in the folder except the kustomization, by file name.</summary>
    public IReadOnlyList<string> Files { get; }

    public IReadOnlyList<KubeObject> Objects { get; }

    public IEnumerable<Workload> Workloads =>
        Objects.Where(o => o.Kind is "Deployment" or "StatefulSet").Select(o => new Workload(o));

    public IEnumerable<KubeObject> Services => Objects.Where(o => o.Kind == "Service");

    public static string Directory => Repo.PathOf("deploy", "k8s");

    public static Kube Load()
    {
        Assert.True(System.IO.Directory.Exists(Directory), $"{Folder} is missing");
        var files = System.IO.Directory.EnumerateFiles(Directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(f => !string.Equals(f, KustomizationFile, StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var objects = files
            .SelectMany(f => Yaml.LoadDocuments(Path.Combine(Directory, f)).Select(d => new KubeObject(f, d)))
            .ToList();
        return new Kube(files, objects);
    }

    public Workload Workload(string component)
    {
        var matches = Workloads.Where(w => w.PodLabels.GetValueOrDefault("app.kubernetes.io/component") == component).ToList();
        Assert.True(matches.Count == 1, $"Expected one workload with app.kubernetes.io/component={component}, found {matches.Count}");
        return matches[0];
    }

    public KubeObject Service(string component)
    {
        var matches = Services.Where(s => s.Labels.GetValueOrDefault("app.kubernetes.io/component") == component).ToList();
        Assert.True(matches.Count == 1, $"Expected one Service with app.kubernetes.io/component={component}, found {matches.Count}");
        return matches[0];
    }

    public static int Int(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a port number");

    /// <summary>A CPU or memory quantity in base units (cores or bytes): 500m, 2, 512Mi, 1G.</summary>
    public static decimal Quantity(string text)
    {
        (string Suffix, decimal Factor)[] suffixes =
        [
            ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024),
            ("k", 1e3m), ("M", 1e6m), ("G", 1e9m), ("T", 1e12m), ("m", 1e-3m),
        ];
        foreach (var (suffix, factor) in suffixes)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                return decimal.Parse(text[..^suffix.Length], System.Globalization.CultureInfo.InvariantCulture) * factor;
            }
        }

        return decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
