using System.Text.Json;
using TraceFlow.Deploy.Tests.Infrastructure;

namespace TraceFlow.Deploy.Tests;

/// <summary>deploy/grafana and deploy/prometheus against docker-compose.yml: what Grafana and Prometheus will find where.</summary>
public sealed class GrafanaProvisioningTests
{
    private const string PrometheusConfig = "deploy/prometheus/prometheus.yml";

    [Fact]
    public void Datasources_PointAtTheComposeGatewayAndPrometheus()
    {
        var compose = ComposeFile.Load();

        Assert.Equal(new Uri("http://gateway:9411/jaeger"), new Uri(GrafanaProvisioning.Datasource("jaeger").Str("url")!));
        Assert.Equal(new Uri("http://gateway:9411"), new Uri(GrafanaProvisioning.Datasource("zipkin").Str("url")!));
        foreach (var datasource in GrafanaProvisioning.Datasources())
        {
            var url = new Uri(datasource.Str("url")!);
            var service = compose.Service(url.Host);
            Assert.True(ComposeFile.ContainerPorts(service).Contains(url.Port) || url.Port == 9411, $"{url} is not a port of compose service {url.Host}");
        }
    }

    [Fact]
    public void Datasources_HaveUniqueUids()
    {
        var uids = GrafanaProvisioning.Datasources().Select(d => d.Str("uid")).ToList();

        Assert.All(uids, uid => Assert.False(string.IsNullOrEmpty(uid)));
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Dashboards_EveryQuery_UsesTheProvisionedPrometheusAndReadsAMetric()
    {
        var prometheus = GrafanaProvisioning.Datasource("prometheus").Str("uid");
        var queries = GrafanaProvisioning.Queries();

        Assert.NotEmpty(queries);
        Assert.All(queries, q =>
        {
            Assert.True(q.DatasourceUid == prometheus, $"{q.Dashboard} / {q.Panel}: data source '{q.DatasourceUid}' is not provisioned");
            Assert.True(PromQl.MetricNames(q.Expression).Count > 0, $"{q.Dashboard} / {q.Panel}: '{q.Expression}' reads no metric");
        });
    }

    [Fact]
    public void Dashboards_HaveUniqueUidsAndAreReadOnly()
    {
        var dashboards = GrafanaProvisioning.DashboardFiles().Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement).ToList();

        Assert.NotEmpty(dashboards);
        var uids = dashboards.Select(d => d.GetProperty("uid").GetString()).ToList();
        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(dashboards, d => Assert.False(d.GetProperty("editable").GetBoolean()));
    }

    [Fact]
    public void Dashboards_JobMatchers_NameJobsPrometheusScrapes()
    {
        var jobs = Yaml.LoadSingle(Repo.PathOf(PrometheusConfig)).Seq("scrape_configs").Select(c => c.Str("job_name") ?? "").ToList();

        var matchers = GrafanaProvisioning.Queries()
            .SelectMany(q => System.Text.RegularExpressions.Regex.Matches(q.Expression, "job=~?\"(?<job>[^\"]+)\"").Select(m => m.Groups["job"].Value))
            .Distinct(StringComparer.Ordinal);

        Assert.All(matchers, matcher => Assert.Contains(jobs, job => System.Text.RegularExpressions.Regex.IsMatch(job, $"^(?:{matcher})$")));
    }

    [Fact]
    public void Compose_Grafana_MountsTheProvisioningAndTheDashboardsWhereTheProviderLooks()
    {
        var grafana = ComposeFile.Load().Service("grafana");
        var mounts = grafana.Seq("volumes").Select(v => v.Scalar() ?? "").Select(v => v.Split(':')).ToDictionary(p => Path.GetFullPath(Path.Combine(Repo.Root, p[0])), p => p[1]);
        var providerPath = Assert.Single(Yaml.LoadSingle(GrafanaProvisioning.DashboardProvidersFile).Seq("providers")).Map("options").Str("path");

        Assert.Equal("/etc/grafana/provisioning", mounts[Repo.PathOf("deploy", "grafana", "provisioning")]);
        Assert.Equal(providerPath, mounts[GrafanaProvisioning.DashboardsDirectory]);
    }

    [Fact]
    public void Prometheus_ScrapesTheGatewayAndEverySiloOnTheirMetricsPorts()
    {
        var compose = ComposeFile.Load();
        var jobs = Yaml.LoadSingle(Repo.PathOf(PrometheusConfig)).Seq("scrape_configs");
        var targets = jobs.SelectMany(j => j.Seq("static_configs").SelectMany(s => s.Seq("targets")).Select(t => (Job: j.Str("job_name"), Target: t.Scalar() ?? ""))).ToList();
        var silos = compose.ServiceNames.Where(n => compose.Service(n).Map("build").Str("target") == "silo").ToList();

        Assert.Equal(2, silos.Count);
        Assert.Contains(("traceflow-gateway", "gateway:9411"), targets);
        Assert.All(silos, silo => Assert.Contains(("traceflow-silo", $"{silo}:9464"), targets));
        Assert.All(targets, t => compose.Service(t.Target.Split(':')[0]));
        var mount = Assert.Single(compose.Service("prometheus").Seq("volumes")).Scalar()!.Split(':');
        Assert.Equal(Repo.PathOf(PrometheusConfig), Path.GetFullPath(Path.Combine(Repo.Root, mount[0])));
    }
}
