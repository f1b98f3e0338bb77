using System.Globalization;
using System.Text.RegularExpressions;

namespace TraceFlow.Cluster.Tests.Infrastructure;

/// <summary>One <c>TraceFlow.Silo</c> process and its Prometheus endpoint.</summary>
public sealed partial class SiloProcess(ChildProcess process, int metricsPort) : IAsyncDisposable
{
    public ChildProcess Process { get; } = process;

    public Uri Metrics { get; } = new($"http://127.0.0.1:{metricsPort}/metrics");

    /// <summary><c>traceflow_spans_received_total</c>: spans this silo's trace grains took; null while the endpoint does not answer.</summary>
    public async Task<double?> SpansReceivedAsync(HttpClient http)
    {
        try
        {
            var text = await http.GetStringAsync(Metrics, TestContext.Current.CancellationToken);
            var match = SpansReceived().Match(text);
            return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    [GeneratedRegex(@"^traceflow_spans_received_total (\S+)$", RegexOptions.Multiline)]
    private static partial Regex SpansReceived();
}
