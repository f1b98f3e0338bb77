using System.Diagnostics;
using System.Net;
using TraceFlow.Gateway.Tests.Infrastructure;
using TraceFlow.Grains.Diagnostics;

namespace TraceFlow.Gateway.Tests.Sampling;

/// <summary>A collector whose policies come from a Collector config file (<c>TraceFlow:Sampling:File</c>).</summary>
public sealed class SamplingFileGatewayFactory : GatewayFactory
{
    public const string Initial = """
        # A whole Collector configuration: the tail_sampling processor is found under processors.
        receivers:
          otlp: {protocols: {http: {}}}
        processors:
          tail_sampling:
            decision_wait: 5s
            num_traces: 1000
            policies:
              - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
              - {name: slow, type: latency, latency: {threshold_ms: 1000}}
        service:
          pipelines:
            traces: {receivers: [otlp], processors: [tail_sampling], exporters: [otlp]}
        """;

    private readonly string directory = Directory.CreateTempSubdirectory("traceflow-sampling-file-").FullName;

    public SamplingFileGatewayFactory()
    {
        FilePath = Path.Combine(directory, "collector.yaml");
        File.WriteAllText(FilePath, Initial);
        ExtraSettings = new Dictionary<string, string> { ["TraceFlow:Sampling:File"] = FilePath };
    }

    public string FilePath { get; }

    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// <summary>A collector started with a malformed Collector config file.</summary>
public sealed class MalformedSamplingFileGatewayFactory : GatewayFactory
{
    public MalformedSamplingFileGatewayFactory(string path) =>
        ExtraSettings = new Dictionary<string, string> { ["TraceFlow:Sampling:File"] = path };

    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; }
}

public sealed class SamplingFileTests(SamplingFileGatewayFactory factory) : IClassFixture<SamplingFileGatewayFactory>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly GatewayClient client = new(factory);

    [Fact]
    public async Task SamplingFile_EditsAreFollowed_AndBadEditsLeaveThePoliciesAlone()
    {
        Assert.Equal([("errors", "status_code"), ("slow", "latency")], await PoliciesAsync());

        // An edit: policies and decisions change without a restart.
        await File.WriteAllTextAsync(factory.FilePath, """
            tail_sampling:
              policies:
                - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                - {name: everything, type: always_sample}
            """, GatewayClient.Cancel);
        await PollAsync(PoliciesAsync, p => p.Count == 2 && p[1].Name == "everything", "the edited policies");
        var traceId = GatewayClient.NewTraceId();
        using (var response = await client.PostSpansAsync($$"""{"spans":[{"trace_id":"{{traceId}}","span_id":"a","service":"file-test","operation":"op","start_unix_ms":1712000000000,"duration_ms":3,"status":"ok"}]}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var trace = await client.WaitForTraceAsync(traceId);
        Assert.Equal("everything", trace.GetProperty("sampling_policy").GetString());

        // Malformed YAML: logged and counted, the file source keeps its last good keys.
        var fileRejected = GrainsMetrics.SamplingReloads.WithLabels("file_rejected");
        var fileRejectedBefore = fileRejected.Value;
        await File.WriteAllTextAsync(factory.FilePath, "tail_sampling:\n  policies: [{name: broken\n", GatewayClient.Cancel);
        await PollAsync(() => Task.FromResult(fileRejected.Value), v => v > fileRejectedBefore, "the malformed file to be rejected");
        Assert.Equal([("errors", "status_code"), ("everything", "always_sample")], await PoliciesAsync());

        // Well-formed but invalid policies: the sampler refuses them and keeps its set.
        var policiesRejected = GrainsMetrics.SamplingReloads.WithLabels("rejected");
        var policiesRejectedBefore = policiesRejected.Value;
        await File.WriteAllTextAsync(factory.FilePath, "tail_sampling:\n  policies: [{name: rates, type: bytes_limiting}]\n", GatewayClient.Cancel);
        await PollAsync(() => Task.FromResult(policiesRejected.Value), v => v > policiesRejectedBefore, "the invalid policies to be rejected");
        Assert.Equal([("errors", "status_code"), ("everything", "always_sample")], await PoliciesAsync());

        // Repaired: taken again.
        await File.WriteAllTextAsync(factory.FilePath, "policies: [{name: only-errors, type: status_code, status_code: {status_codes: [ERROR]}}]\n", GatewayClient.Cancel);
        await PollAsync(PoliciesAsync, p => p.Count == 1 && p[0].Name == "only-errors", "the repaired file");
    }

    [Fact]
    public void SamplingFile_MalformedAtStartUp_StopsStartUpNamingTheFileAndLine()
    {
        var directory = Directory.CreateTempSubdirectory("traceflow-sampling-file-").FullName;
        try
        {
            var path = Path.Combine(directory, "bad.yaml");
            File.WriteAllText(path, "tail_sampling:\n  policies:\n    - name: a\n      type: [always_sample\n");
            using var bad = new MalformedSamplingFileGatewayFactory(path);

            var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());

            var messages = string.Join(" | ", Chain(error).Select(e => e.Message));
            Assert.Contains($"TraceFlow:Sampling:File '{path}', line 5, column 1: ", messages, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private async Task<List<(string Name, string Type)>> PoliciesAsync()
    {
        var (status, body) = await client.GetJsonAsync("/api/sampling/policies");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body.GetProperty("policies").EnumerateArray().Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("type").GetString()!))];
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"{what} did not show within {Timeout}; last: {(value is System.Collections.IEnumerable items ? string.Join(", ", items.Cast<object>()) : value)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), GatewayClient.Cancel);
        }
    }
}
