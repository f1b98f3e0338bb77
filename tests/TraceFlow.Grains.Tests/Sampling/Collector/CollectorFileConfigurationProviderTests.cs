using Microsoft.Extensions.Configuration;
using TraceFlow.Grains.Diagnostics;
using TraceFlow.Grains.Sampling.Collector;
using TraceFlow.Grains.Tests.Infrastructure;

namespace TraceFlow.Grains.Tests.Sampling.Collector;

public sealed class CollectorFileConfigurationProviderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("traceflow-collector-file-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Load_ServesTheBlockUnderTraceFlowSampling()
    {
        var path = Write("sampling.yaml", "processors:\n  tail_sampling:\n    decision_wait: 10s\n    policies: [{name: all, type: always_sample}]\n");

        var configuration = Build(path);

        Assert.Equal("10s", configuration["TraceFlow:Sampling:decision_wait"]);
        Assert.Equal("all", configuration["TraceFlow:Sampling:Policies:0:name"]);
        Assert.Equal("always_sample", configuration["TraceFlow:Sampling:policies:0:type"]);
    }

    [Fact]
    public void Load_JsonFile_IsReadAsJson()
    {
        var path = Write("sampling.json", """{"tail_sampling": {"policies": [{"name": "all", "type": "always_sample"}]}}""");

        Assert.Equal("all", Build(path)["TraceFlow:Sampling:policies:0:name"]);
    }

    [Fact]
    public void Load_MalformedFileAtStartUp_FailsNamingTheFileAndLine()
    {
        var path = Write("sampling.yaml", "policies:\n  - name: a\n    type: [always_sample\n");

        var error = Assert.Throws<InvalidDataException>(() => Build(path));

        Assert.StartsWith($"TraceFlow:Sampling:File '{path}', line 4, column 1: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFileAtStartUp_FailsNamingTheFile()
    {
        var path = Path.Combine(directory, "absent.yaml");

        var error = Assert.Throws<InvalidDataException>(() => Build(path));

        Assert.Equal($"TraceFlow:Sampling:File '{path}': the file does not exist", error.Message);
    }

    [Fact]
    public void AddTailSamplingFile_ResolvesARelativePathAgainstTheContentRoot()
    {
        Write("relative.yaml", "policies: [{name: rel, type: always_sample}]");
        var configuration = new ConfigurationManager();
        configuration["TraceFlow:Sampling:File"] = "relative.yaml";

        configuration.AddTailSamplingFile(directory);

        Assert.Equal("rel", configuration["TraceFlow:Sampling:policies:0:name"]);
    }

    [Fact]
    public async Task Reload_FollowsEdits_AndKeepsThePreviousKeysWhenAnEditIsMalformed()
    {
        var path = Write("sampling.yaml", "policies: [{name: first, type: always_sample}]");
        using var configuration = (ConfigurationRoot)Build(path, reload: true);
        var rejected = GrainsMetrics.SamplingReloads.WithLabels("file_rejected");

        File.WriteAllText(path, "policies: [{name: second, type: never_sample}]");
        await Poll.UntilAsync(() => Task.FromResult(configuration["TraceFlow:Sampling:policies:0:name"]), n => n == "second", "the edit to be read");

        var rejectedBefore = rejected.Value;
        File.WriteAllText(path, "policies: [{name: third, type: [never_sample}]");
        await Poll.UntilAsync(() => Task.FromResult(rejected.Value), v => v > rejectedBefore, "the malformed edit to be rejected");
        Assert.Equal("second", configuration["TraceFlow:Sampling:policies:0:name"]);
        Assert.Equal("never_sample", configuration["TraceFlow:Sampling:policies:0:type"]);

        File.WriteAllText(path, "policies: [{name: fourth, type: always_sample}]");
        await Poll.UntilAsync(() => Task.FromResult(configuration["TraceFlow:Sampling:policies:0:name"]), n => n == "fourth", "the repaired file to be read");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static IConfigurationRoot Build(string path, bool reload = false) =>
        new ConfigurationBuilder()
            .Add(new CollectorFileConfigurationSource { Path = path, ReloadOnChange = reload, ReloadDelay = TimeSpan.FromMilliseconds(50) })
            .Build();
}
