using System.Text.RegularExpressions;
using TraceFlow.Deploy.Tests.Infrastructure;
using TraceFlow.Grains.Sampling.Collector;
using TraceFlow.Grains.Sampling.Configuration;

namespace TraceFlow.Deploy.Tests;

public sealed partial class KubernetesManifestTests
{
    private const string NameLabel = "app.kubernetes.io/name";
    private const string GatewayComponent = "gateway";
    private const string SiloComponent = "silo";
    private const string SamplingFileKey = "tail-sampling.yaml";

    private static readonly string[] Resources = ["cpu", "memory"];
    private static readonly string[] ProbeKinds = ["livenessProbe", "readinessProbe", "startupProbe"];
    private static readonly string[] AllInterfacesHostnames = ["+", "*"];
    private static readonly string[] ServiceTypes = ["ClusterIP", "LoadBalancer", "NodePort"];

    private static readonly string[] ClusterScopedKinds = ["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"];

    private readonly Kube kube = Kube.Load();

    [Fact]
    public void Manifests_EveryDocument_HasApiVersionKindAndName()
    {
        Assert.NotEmpty(kube.Objects);
        Assert.All(kube.Objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.Node.Str("apiVersion")), $"{o}: no apiVersion");
            Assert.False(string.IsNullOrEmpty(o.Kind), $"{o}: no kind");
            Assert.Matches(DnsLabel(), o.Name);
        });
    }

    [Fact]
    public void Manifests_Objects_AreUniqueByKindAndName()
    {
        var duplicates = kube.Objects.GroupBy(o => (o.Kind, o.Name)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void Kustomization_Resources_ListEveryManifestInTheFolder()
    {
        var kustomization = Yaml.LoadSingle(Path.Combine(Kube.Directory, Kube.KustomizationFile));

        Assert.Equal("Kustomization", kustomization.Str("kind"));
        var resources = kustomization.Seq("resources").Select(r => r.Scalar() ?? "").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(kube.Files, resources);
    }

    [Fact]
    public void Kustomization_Images_NameTheImagesTheWorkloadsRun()
    {
        var kustomization = Yaml.LoadSingle(Path.Combine(Kube.Directory, Kube.KustomizationFile));
        var images = kustomization.Seq("images").Select(i => i.Str("name")).ToHashSet(StringComparer.Ordinal);

        Assert.All(kube.Workloads.SelectMany(w => w.Containers), c => Assert.Contains(c.ImageName, images));
    }

    [Fact]
    public void Manifests_NamespacedObjects_UseTheNamespaceTheFolderCreates()
    {
        var ns = Assert.Single(kube.Objects, o => o.Kind == "Namespace").Name;
        var kustomization = Yaml.LoadSingle(Path.Combine(Kube.Directory, Kube.KustomizationFile));

        Assert.Equal(ns, kustomization.Str("namespace"));
        Assert.All(kube.Objects.Where(o => !ClusterScopedKinds.Contains(o.Kind)), o => Assert.True(o.Namespace == ns, $"{o} is in namespace '{o.Namespace}', not '{ns}'"));
    }

    [Fact]
    public void Manifests_EveryObject_CarriesTheRecommendedNameLabel()
    {
        Assert.All(kube.Objects, o => Assert.True(o.Labels.GetValueOrDefault(NameLabel) == "traceflow", $"{o} lacks {NameLabel}=traceflow"));
    }

    [Fact]
    public void Workloads_Selector_MatchesThePodTemplateLabels()
    {
        Assert.NotEmpty(kube.Workloads);
        Assert.All(kube.Workloads, w =>
        {
            Assert.NotEmpty(w.Selector);
            Assert.All(w.Selector, label => Assert.True(w.PodLabels.GetValueOrDefault(label.Key) == label.Value, $"{w}: selector {label.Key}={label.Value} is not on the pod template"));
        });
    }

    [Fact]
    public void Workloads_EveryContainer_HasCpuAndMemoryRequestsWithinLimits()
    {
        Assert.All(kube.Workloads.SelectMany(w => w.Containers.Select(c => (w, c))), pair =>
        {
            var resources = pair.c.Node.Map("resources");
            foreach (var resource in Resources)
            {
                var request = resources.Map("requests").Str(resource);
                var limit = resources.Map("limits").Str(resource);
                Assert.True(request is not null && limit is not null, $"{pair.w}/{pair.c.Name}: {resource} needs a request and a limit");
                Assert.True(Kube.Quantity(request) <= Kube.Quantity(limit), $"{pair.w}/{pair.c.Name}: {resource} request {request} exceeds limit {limit}");
            }
        });
    }

    [Fact]
    public void Workloads_EveryContainer_HasLivenessAndReadinessProbesOnDeclaredPorts()
    {
        Assert.All(kube.Workloads.SelectMany(w => w.Containers.Select(c => (w, c))), pair =>
        {
            foreach (var kind in ProbeKinds)
            {
                var probe = pair.c.Probe(kind);
                if (probe is null)
                {
                    Assert.True(kind == "startupProbe", $"{pair.w}/{pair.c.Name} has no {kind}");
                    continue;
                }

                if (probe.Map("exec") is { } exec)
                {
                    Assert.True(exec.Seq("command").Count > 0, $"{pair.w}/{pair.c.Name}: {kind} runs no command");
                    continue;
                }

                var port = (probe.Map("httpGet") ?? probe.Map("tcpSocket") ?? probe.Map("grpc")).Str("port");
                Assert.True(pair.c.ResolvePort(port) is not null, $"{pair.w}/{pair.c.Name}: {kind} port '{port}' is not a container port");
            }
        });
    }

    [Fact]
    public void Workloads_ContainerPortNames_AreValidAndUnique()
    {
        Assert.All(kube.Workloads.SelectMany(w => w.Containers), c =>
        {
            var names = c.Ports.Select(p => p.Name).OfType<string>().ToList();
            Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
            Assert.All(names, n => Assert.Matches(PortName(), n));
        });
    }

    [Fact]
    public void Workloads_EnvFromConfigMaps_Exist()
    {
        var configMaps = kube.Objects.Where(o => o.Kind == "ConfigMap").Select(o => o.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(kube.Workloads.SelectMany(w => w.Containers).SelectMany(c => c.EnvFromConfigMaps), name => Assert.Contains(name, configMaps));
    }

    [Fact]
    public void Silo_Container_DeclaresSiloGatewayAndMetricsPorts()
    {
        var silo = kube.Workload(SiloComponent).SingleContainer;

        Assert.Equal("traceflow-silo", silo.ImageName);
        Assert.Superset(new HashSet<int> { 11111, 30000, 9464 }, silo.Ports.Select(p => p.Number).ToHashSet());
    }

    [Fact]
    public void Silo_Probes_AreTcpSocketChecksOnTheSiloPort()
    {
        var silo = kube.Workload(SiloComponent).SingleContainer;

        foreach (var kind in new[] { "livenessProbe", "readinessProbe" })
        {
            var port = silo.Probe(kind).Map("tcpSocket").Str("port");
            Assert.True(silo.ResolvePort(port) == 11111, $"silo {kind} checks '{port}', not tcpSocket 11111");
        }
    }

    [Fact]
    public void Silo_Env_MatchesItsPortsAndRunsServerGcListeningOnEveryInterface()
    {
        var silo = kube.Workload(SiloComponent).SingleContainer;
        var env = silo.Env;

        Assert.Equal("1", env.GetValueOrDefault("DOTNET_gcServer"));
        Assert.False(string.IsNullOrEmpty(env.GetValueOrDefault("TraceFlow__Cluster__ClusterId")), "The silo sets no cluster id");
        Assert.Equal(11111, Kube.Int(env.GetValueOrDefault("TraceFlow__Cluster__SiloPort", "11111")));
        Assert.Equal(30000, Kube.Int(env.GetValueOrDefault("TraceFlow__Cluster__GatewayPort", "30000")));
        Assert.Equal(9464, Kube.Int(env.GetValueOrDefault("TraceFlow__Silo__MetricsPort", "9464")));
        // Probes and other pods reach the pod IP, not loopback.
        Assert.Equal("true", env.GetValueOrDefault("TraceFlow__Silo__ListenOnAnyAddress"), StringComparer.OrdinalIgnoreCase);
        Assert.Contains(env.GetValueOrDefault("TraceFlow__Silo__MetricsHostname"), AllInterfacesHostnames);
    }

    [Fact]
    public void Silo_StatefulSet_NamesAnExistingHeadlessService()
    {
        var silo = kube.Workload(SiloComponent);
        Assert.Equal("StatefulSet", silo.Object.Kind);

        var service = Assert.Single(kube.Services, s => s.Name == silo.Spec.Str("serviceName"));
        Assert.Equal("None", service.Node.Map("spec").Str("clusterIP"));
        Assert.Same(silo.Object, SelectedWorkload(service).Object);
    }

    [Fact]
    public void Gateway_Container_DeclaresUiAndOtlpPorts()
    {
        var gateway = kube.Workload(GatewayComponent).SingleContainer;

        Assert.Equal("traceflow-gateway", gateway.ImageName);
        Assert.Superset(new HashSet<int> { 9411, 4317, 4318 }, gateway.Ports.Select(p => p.Number).ToHashSet());
    }

    [Theory]
    [InlineData("livenessProbe", "/healthz")]
    [InlineData("readinessProbe", "/readyz")]
    public void Gateway_Probe_HitsTheHealthEndpointOn9411(string kind, string path)
    {
        var gateway = kube.Workload(GatewayComponent).SingleContainer;
        var httpGet = gateway.Probe(kind).Map("httpGet");

        Assert.NotNull(httpGet);
        Assert.Equal(path, httpGet.Str("path"));
        Assert.Equal(9411, gateway.ResolvePort(httpGet.Str("port")));
    }

    [Fact]
    public void Gateway_Env_RunsAsOrleansClientOfTheSilo()
    {
        var gateway = kube.Workload(GatewayComponent).SingleContainer.Env;
        var silo = kube.Workload(SiloComponent).SingleContainer.Env;

        Assert.Equal("Client", gateway.GetValueOrDefault("TraceFlow__Gateway__Mode"));
        foreach (var key in new[] { "TraceFlow__Cluster__ClusterId", "TraceFlow__Cluster__ServiceId", "TraceFlow__Cluster__GatewayPort" })
        {
            Assert.True(gateway.GetValueOrDefault(key) == silo.GetValueOrDefault(key), $"Gateway and silo disagree on {key}");
        }
    }

    [Fact]
    public void Gateway_Container_ListensOnAllInterfacesOn9411()
    {
        var env = new Dictionary<string, string>(Dockerfile.Load(Repo.PathOf("Dockerfile")).Stage("gateway").Environment, StringComparer.Ordinal);
        foreach (var (key, value) in kube.Workload(GatewayComponent).SingleContainer.Env)
        {
            env[key] = value;
        }

        var urls = GatewayUrls.Effective(env);

        Assert.True(GatewayUrls.ListensOnAllInterfaces(urls, 9411), $"The gateway pod binds '{urls}', not 0.0.0.0:9411");
    }

    [Fact]
    public void Services_SelectPodsOfAWorkloadAndTargetTheirPorts()
    {
        Assert.NotEmpty(kube.Services);
        Assert.All(kube.Services, service =>
        {
            var container = SelectedWorkload(service).SingleContainer;
            foreach (var port in service.Node.Map("spec").Seq("ports"))
            {
                var target = port.Str("targetPort") ?? port.Str("port");
                Assert.True(container.ResolvePort(target) is not null, $"{service}: targetPort '{target}' is not a port of the selected pods");
            }
        });
    }

    [Fact]
    public void GatewayService_ExposesUiAndOtlpPorts()
    {
        var service = kube.Service(GatewayComponent);

        Assert.Contains(service.Node.Map("spec").Str("type") ?? "ClusterIP", ServiceTypes);
        var ports = service.Node.Map("spec").Seq("ports").Select(p => Kube.Int(p.Str("port"))).ToHashSet();
        Assert.Superset(new HashSet<int> { 9411, 4317, 4318 }, ports);
        Assert.Same(kube.Workload(GatewayComponent).Object, SelectedWorkload(service).Object);
    }

    [Fact]
    public void SamplingConfigMap_HoldsACollectorBlockTheSamplerAccepts()
    {
        var data = SamplingConfigMap().Node.Map("data").ScalarMap();
        var block = CollectorDocument.ReadTailSampling(Assert.Contains(SamplingFileKey, data), CollectorFormat.Yaml);

        var errors = new List<string>();
        var policies = PolicyBlock.Build(block, PolicyContext.System, errors);

        Assert.Empty(errors);
        Assert.Equal(["errors", "slow", "sample-10pc"], policies!.Policies.Select(p => p.Name));
        Assert.True(GoDuration.TryParse(block["decision_wait"], out var wait) && wait > TimeSpan.Zero, "decision_wait is a duration");
    }

    [Theory]
    [InlineData(SiloComponent)]
    [InlineData(GatewayComponent)]
    public void Workloads_ReadTheSamplingFileFromTheMountedConfigMap(string component)
    {
        var workload = kube.Workload(component);
        var container = workload.SingleContainer;
        var volume = Assert.Single(workload.PodSpec.Seq("volumes"), v => v.Map("configMap").Str("name") == SamplingConfigMap().Name);
        var mount = Assert.Single(container.Node.Seq("volumeMounts"), m => m.Str("name") == volume.Str("name"));

        Assert.Equal($"{mount.Str("mountPath")}/{SamplingFileKey}", container.Env["TraceFlow__Sampling__File"]);
        Assert.Equal("true", mount.Str("readOnly"));
        Assert.Equal("true", container.Env["DOTNET_USE_POLLING_FILE_WATCHER"]);
    }

    private KubeObject SamplingConfigMap() => Assert.Single(kube.Objects, o => o.Kind == "ConfigMap" && o.Name == "traceflow-sampling");

    /// <summary>The one workload whose pod template carries every label of the service's selector.</summary>
    private Workload SelectedWorkload(KubeObject service)
    {
        var selector = service.Node.Map("spec").Map("selector").ScalarMap();
        Assert.True(selector.Count > 0, $"{service} has no selector");
        var matches = kube.Workloads
            .Where(w => w.Object.Namespace == service.Namespace && selector.All(l => w.PodLabels.GetValueOrDefault(l.Key) == l.Value))
            .ToList();
        Assert.True(matches.Count == 1, $"{service} selects the pods of {matches.Count} workloads, expected 1");
        return matches[0];
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    // IANA_SVC_NAME: at most 15 characters, lowercase letters, digits and inner dashes, at least one letter.
    [GeneratedRegex("^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex PortName();
}
