using System.Net;
using System.Text;

namespace TraceFlow.Gateway.Tests.Ingest.Admission;

/// <summary>
/// A chunked request body that sends its first byte and then waits for <see cref="Release"/>
/// before the rest: the request stays in flight at the gateway as long as the test wants.
/// </summary>
public sealed class HeldBodyContent : HttpContent
{
    private readonly byte[] body;
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HeldBodyContent(string json, string contentType = "application/json")
    {
        body = Encoding.UTF8.GetBytes(json);
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
    }

    public void Release() => released.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(body.AsMemory(0, 1));
        await stream.FlushAsync();
        await released.Task;
        await stream.WriteAsync(body.AsMemory(1));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
