using k8s;
using k8s.Models;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>One manifest document as the typed object KubernetesClient reads it into.</summary>
internal sealed record TypedObject(string File, IKubernetesObject<V1ObjectMeta> Object)
{
    public string Kind => Object.Kind;

    public string Name => Object.Metadata?.Name ?? "";

    public override string ToString() => $"{Kind}/{Name} ({File})";
}

/// <summary>
/// The manifests of deploy/k8s and its ClickHouse component, read with KubernetesClient's
/// <see cref="KubernetesYaml"/> into its model types (V1StatefulSet, V1Role, V2HorizontalPodAutoscaler...).
/// </summary>
internal sealed class TypedManifests
{
    public const string ClickHouseComponent = "clickhouse";

    private TypedManifests(IReadOnlyList<TypedObject> objects) => Objects = objects;

    public IReadOnlyList<TypedObject> Objects { get; }

    /// <summary>The kustomize files, which are not Kubernetes objects.</summary>
    public static bool IsKustomization(string path) =>
        string.Equals(Path.GetFileName(path), Kube.KustomizationFile, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every manifest file under <paramref name="folder"/> (deploy/k8s by default), kustomizations aside.</summary>
    public static IReadOnlyList<string> Files(string? folder = null) =>
        Directory.EnumerateFiles(folder ?? Kube.Directory, "*.yaml", SearchOption.TopDirectoryOnly)
            .Where(f => !IsKustomization(f))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TypedManifests Load(string? folder = null) => new(Files(folder).SelectMany(LoadFile).ToList());

    public static IReadOnlyList<TypedObject> LoadFile(string path) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(path))
            .Select(o => new TypedObject(Repo.Relative(path), Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o)))
            .ToList();

    public T Single<T>()
        where T : class => Assert.Single(Objects.Select(o => o.Object).OfType<T>());

    public T Single<T>(string name)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(Objects.Select(o => o.Object).OfType<T>(), o => o.Metadata.Name == name);

    public IEnumerable<T> All<T>() => Objects.Select(o => o.Object).OfType<T>();

    /// <summary>The pod template of a Deployment or StatefulSet by name.</summary>
    public V1PodTemplateSpec Template(string kind, string name) => kind switch
    {
        "Deployment" => Single<V1Deployment>(name).Spec.Template,
        "StatefulSet" => Single<V1StatefulSet>(name).Spec.Template,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a workload kind"),
    };
}

/// <summary>Small readers over the typed model.</summary>
internal static class TypedModel
{
    public static V1Container Container(this V1PodTemplateSpec template, string name) =>
        Assert.Single(template.Spec.Containers, c => c.Name == name);

    public static V1EnvVar Env(this V1Container container, string name)
    {
        var variable = container.Env?.SingleOrDefault(e => e.Name == name);
        Assert.True(variable is not null, $"container {container.Name} sets no {name}");
        return variable;
    }

    public static string Value(this V1Container container, string name) =>
        container.Env(name).Value ?? throw new Xunit.Sdk.XunitException($"{name} of container {container.Name} has no literal value");

    public static int Port(this V1Container container, string name) =>
        Assert.Single(container.Ports, p => p.Name == name).ContainerPort;

    public static bool Matches(this V1LabelSelector selector, IDictionary<string, string> labels) =>
        selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);
}
