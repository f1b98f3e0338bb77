using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using TraceFlow.Sdk.Export;

namespace TraceFlow.Sdk.Tests.Export;

/// <summary>
/// A transport whose answers the test scripts, one per send, and whose sends the test can await.
/// It stands in for collector faults (Retry-After, hangs, 413) that need exact timing.
/// </summary>
internal sealed class ScriptedTransport : ISpanTransport
{
    private readonly ConcurrentQueue<Func<IReadOnlyList<Activity>, Task<ExportResult>>> answers = new();
    private readonly Channel<IReadOnlyList<Activity>> sends = Channel.CreateUnbounded<IReadOnlyList<Activity>>();

    public ConcurrentQueue<string> ServiceNames { get; } = new();

    /// <summary>Every span sent, in order.</summary>
    public ConcurrentQueue<Activity> Sent { get; } = new();

    /// <summary>The answer for sends the script does not cover.</summary>
    public ExportResult Default { get; set; } = new(ExportStatus.Success);

    public ScriptedTransport Then(ExportResult result) => Then(_ => Task.FromResult(result));

    public ScriptedTransport Then(Func<IReadOnlyList<Activity>, Task<ExportResult>> answer)
    {
        answers.Enqueue(answer);
        return this;
    }

    public async Task<ExportResult> SendAsync(IReadOnlyList<Activity> batch, string serviceName, CancellationToken cancellationToken)
    {
        ServiceNames.Enqueue(serviceName);
        foreach (var activity in batch)
        {
            Sent.Enqueue(activity);
        }

        await sends.Writer.WriteAsync([.. batch], cancellationToken);
        return answers.TryDequeue(out var answer) ? await answer(batch).WaitAsync(cancellationToken) : Default;
    }

    /// <summary>The next batch sent, or a failure if none comes within the timeout.</summary>
    public async Task<IReadOnlyList<Activity>> NextSendAsync(TimeSpan? timeout = null) =>
        await sends.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public bool HasPendingSend => sends.Reader.Count > 0;

    public void Dispose()
    {
    }
}
