using System.Diagnostics;
using k8s;
using k8s.Models;
using TraceFlow.Deploy.Tests.Infrastructure;
using TraceFlow.Grains.Hosting;

namespace TraceFlow.Deploy.Tests;

/// <summary>
/// The manifests read into KubernetesClient's typed objects: the multi-silo cluster (Orleans
/// Kubernetes hosting with Redis membership), its RBAC, autoscaling, disruption budget and the
/// optional ClickHouse component.
/// </summary>
public sealed class KubernetesTypedTests
{
    private const string Silo = "traceflow-silo";
    private const string Gateway = "traceflow-gateway";
    private const string ServiceIdLabel = "orleans/serviceId";
    private const string ClusterIdLabel = "orleans/clusterId";

    // What Orleans' KubernetesClusterAgent calls on pods: read its own, patch its labels, list and
    // watch the cluster's pods, delete the pod of a dead silo.
    private static readonly string[] OrleansPodVerbs = ["get", "list", "watch", "delete", "patch"];

    private static readonly Dictionary<string, string> DownwardApi = new(StringComparer.Ordinal)
    {
        ["POD_NAME"] = "metadata.name",
        ["POD_NAMESPACE"] = "metadata.namespace",
        ["POD_IP"] = "status.podIP",
        ["ORLEANS_SERVICE_ID"] = $"metadata.labels['{ServiceIdLabel}']",
        ["ORLEANS_CLUSTER_ID"] = $"metadata.labels['{ClusterIdLabel}']",
    };

    private readonly TypedManifests manifests = TypedManifests.Load();

    public static TheoryData<string> ManifestFiles() =>
        [.. TypedManifests.Files().Concat(TypedManifests.Files(Path.Combine(Kube.Directory, TypedManifests.ClickHouseComponent))).Select(Repo.Relative)];

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Manifest_EveryDocument_ParsesIntoATypedKubernetesObject(string file)
    {
        var objects = TypedManifests.LoadFile(Repo.PathOf(file));

        Assert.NotEmpty(objects);
        Assert.All(objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Name), $"{o} has no name");
            // A known kind gives its model type; an unknown one would fail to load above.
            Assert.StartsWith("k8s.Models.", o.Object.GetType().FullName, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void SiloRole_GrantsWhatOrleansKubernetesHostingCallsOnPods()
    {
        var role = manifests.Single<V1Role>(Silo);

        var granted = role.Rules
            .Where(r => r.ApiGroups.Contains("") && r.Resources.Contains("pods"))
            .SelectMany(r => r.Verbs)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Superset(OrleansPodVerbs.ToHashSet(StringComparer.Ordinal), granted);
        Assert.Empty(manifests.All<V1ClusterRole>());
    }

    [Fact]
    public void SiloRoleBinding_BindsTheRoleToTheServiceAccountTheSilosRunAs()
    {
        var binding = manifests.Single<V1RoleBinding>(Silo);
        var account = manifests.Single<V1ServiceAccount>(Silo);
        var pod = manifests.Template("StatefulSet", Silo).Spec;

        Assert.Equal(("Role", manifests.Single<V1Role>(Silo).Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", account.Metadata.Name, account.Metadata.NamespaceProperty), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal(account.Metadata.Name, pod.ServiceAccountName);
    }

    [Fact]
    public void Silo_RunsKubernetesMembershipWithThePodIdentityFromTheDownwardApi()
    {
        var silo = manifests.Template("StatefulSet", Silo).Container("silo");

        Assert.Equal("Kubernetes", silo.Value("TraceFlow__Cluster__Membership"));
        foreach (var (name, fieldPath) in DownwardApi)
        {
            Assert.Equal(fieldPath, silo.Env(name).ValueFrom?.FieldRef?.FieldPath);
        }
    }

    [Fact]
    public void Silo_OrleansLabels_EqualTheConfiguredServiceAndClusterIds()
    {
        var template = manifests.Template("StatefulSet", Silo);
        var silo = template.Container("silo");

        Assert.Equal(silo.Value("TraceFlow__Cluster__ServiceId"), template.Metadata.Labels[ServiceIdLabel]);
        Assert.Equal(silo.Value("TraceFlow__Cluster__ClusterId"), template.Metadata.Labels[ClusterIdLabel]);
    }

    [Fact]
    public void Silo_RunsSeveralReplicasWithPortsFromTheClusterOptions()
    {
        var statefulSet = manifests.Single<V1StatefulSet>(Silo);
        var silo = statefulSet.Spec.Template.Container("silo");

        Assert.True(statefulSet.Spec.Replicas >= 2, "One silo is no cluster: run at least two");
        Assert.Equal(TraceFlowClusterOptions.DefaultSiloPort, silo.Port("silo"));
        Assert.Equal(TraceFlowClusterOptions.DefaultGatewayPort, silo.Port("orleans-gw"));
        Assert.Equal(silo.Port("silo"), int.Parse(silo.Value("TraceFlow__Cluster__SiloPort"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(silo.Port("orleans-gw"), int.Parse(silo.Value("TraceFlow__Cluster__GatewayPort"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Gateway_FindsTheSilosInTheSameRedisUnderTheSameIds()
    {
        var silo = manifests.Template("StatefulSet", Silo).Container("silo");
        var gateway = manifests.Template("Deployment", Gateway).Container("gateway");

        Assert.Equal("Client", gateway.Value("TraceFlow__Gateway__Mode"));
        Assert.Equal("Redis", gateway.Value("TraceFlow__Cluster__Membership"));
        foreach (var key in new[] { "TraceFlow__Cluster__RedisConnectionString", "TraceFlow__Cluster__ClusterId", "TraceFlow__Cluster__ServiceId" })
        {
            Assert.Equal(silo.Value(key), gateway.Value(key));
        }
    }

    [Fact]
    public void RedisConnectionString_NamesTheRedisServiceAndItsPort()
    {
        var connection = manifests.Template("StatefulSet", Silo).Container("silo").Value("TraceFlow__Cluster__RedisConnectionString");
        var (host, port) = HostAndPort(connection);

        var service = manifests.Single<V1Service>(host);
        Assert.Contains(service.Spec.Ports, p => p.Port == port);
        var redis = Assert.Single(manifests.All<V1Deployment>(), d => service.Spec.Selector.All(l => d.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
        Assert.Contains(redis.Spec.Template.Spec.Containers.SelectMany(c => c.Ports), p => p.ContainerPort == port);
    }

    [Theory]
    [InlineData("StatefulSet", Silo)]
    [InlineData("Deployment", Gateway)]
    public void Autoscaler_TargetsAWorkloadOnCpuAboveItsReplicas(string kind, string name)
    {
        var hpa = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>(), h => h.Spec.ScaleTargetRef.Kind == kind && h.Spec.ScaleTargetRef.Name == name);
        var replicas = kind == "StatefulSet" ? manifests.Single<V1StatefulSet>(name).Spec.Replicas : manifests.Single<V1Deployment>(name).Spec.Replicas;

        Assert.Equal("apps/v1", hpa.Spec.ScaleTargetRef.ApiVersion);
        var metric = Assert.Single(hpa.Spec.Metrics);
        Assert.Equal(("Resource", "cpu", "Utilization"), (metric.Type, metric.Resource.Name, metric.Resource.Target.Type));
        Assert.InRange(metric.Resource.Target.AverageUtilization ?? 0, 50, 90);
        Assert.InRange(replicas ?? 1, hpa.Spec.MinReplicas ?? 1, hpa.Spec.MaxReplicas);
        // Utilisation is measured against the request: without one the HPA cannot act.
        Assert.NotNull(manifests.Template(kind, name).Spec.Containers[0].Resources.Requests["cpu"]);
    }

    [Fact]
    public void SiloAutoscaler_NeverRemovesSilosOnItsOwn()
    {
        // A leaving silo takes its in-memory store shards with it; scale-down stays a human decision.
        var hpa = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>(), h => h.Spec.ScaleTargetRef.Name == Silo);

        Assert.Equal("Disabled", hpa.Spec.Behavior?.ScaleDown?.SelectPolicy);
    }

    [Fact]
    public void SiloDisruptionBudget_SelectsTheSilosAndLetsOneGoAtATime()
    {
        var pdb = Assert.Single(manifests.All<V1PodDisruptionBudget>());
        var silos = manifests.Single<V1StatefulSet>(Silo);

        Assert.True(pdb.Spec.Selector.Matches(silos.Spec.Template.Metadata.Labels), "The PodDisruptionBudget does not select the silo pods");
        Assert.Equal(1, pdb.Spec.MaxUnavailable?.Value is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0);
        Assert.Null(pdb.Spec.MinAvailable);
    }

    [Fact]
    public void ClickHouseComponent_PatchesTheWorkloadsWithTheUrlOfItsService()
    {
        var folder = Path.Combine(Kube.Directory, TypedManifests.ClickHouseComponent);
        var component = TypedManifests.Load(folder);
        var service = component.Single<V1Service>();
        var httpPort = Assert.Single(service.Spec.Ports, p => p.Name == "http").Port;
        var server = component.Single<V1StatefulSet>("traceflow-clickhouse");
        Assert.True(server.Spec.Selector.Matches(service.Spec.Selector), "The ClickHouse service does not select the server pods");

        var patched = new[] { ("StatefulSet", Silo, "silo"), ("Deployment", Gateway, "gateway") };
        foreach (var (kind, name, container) in patched)
        {
            var patch = Assert.Single(component.Objects, o => o.Kind == kind && o.Name == name);
            var env = Assert.Single(((IKubernetesObject<V1ObjectMeta>)patch.Object switch
            {
                V1StatefulSet s => s.Spec.Template,
                V1Deployment d => d.Spec.Template,
                _ => throw new Xunit.Sdk.XunitException($"{patch} patches no workload"),
            }).Container(container).Env);

            Assert.Equal("TraceFlow__ClickHouse__Url", env.Name);
            Assert.Equal(new Uri($"http://{service.Metadata.Name}:{httpPort}"), new Uri(env.Value));
            // The patch names a container the base workload really has.
            manifests.Template(kind, name).Container(container);
        }

        var kustomization = Yaml.LoadSingle(Path.Combine(folder, Kube.KustomizationFile));
        Assert.Equal("Component", kustomization.Str("kind"));
        var listed = kustomization.Seq("resources").Concat(kustomization.Seq("patches").Select(p => p.Get("path"))).Select(r => r.Scalar()).Order(StringComparer.Ordinal);
        Assert.Equal(TypedManifests.Files(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal), listed);
    }

    [Theory]
    [InlineData("deploy/k8s", false)]
    [InlineData("deploy/k8s-with-clickhouse", true)]
    public async Task Kustomize_Build_GivesTypedObjectsWithOrWithoutClickHouse(string folder, bool clickHouse)
    {
        Assert.SkipWhen(!OnPath("kubectl"), "kubectl is not installed; the static checks above still ran");

        var built = await RunAsync("kubectl", "kustomize", Repo.PathOf(folder));
        var objects = KubernetesYaml.LoadAllFromString(built).Cast<IKubernetesObject<V1ObjectMeta>>().ToList();

        Assert.All(objects, o => Assert.True(o.Kind == "Namespace" || o.Metadata.NamespaceProperty == "traceflow", $"{o.Kind}/{o.Metadata.Name} is outside the traceflow namespace"));
        var silo = Assert.Single(objects.OfType<V1StatefulSet>(), s => s.Metadata.Name == Silo).Spec.Template.Container("silo");
        Assert.Equal(clickHouse, silo.Env.Any(e => e.Name == "TraceFlow__ClickHouse__Url"));
        Assert.Equal(clickHouse, objects.OfType<V1Service>().Any(s => s.Metadata.Name == "traceflow-clickhouse"));
    }

    private static (string Host, int Port) HostAndPort(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, tool)));

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {await error}");
        return await output;
    }
}
