using TraceFlow.LoadGen.Generation;

namespace TraceFlow.LoadGen.Sending;

/// <summary>Encodes and sends one request; one instance per worker (encoders reuse buffers).</summary>
internal interface ISpanSender : IDisposable
{
    /// <summary>Encodes only, for a dry run; returns the encoded size in bytes.</summary>
    long Encode(RequestBatch batch);

    Task<SendOutcome> SendAsync(RequestBatch batch, CancellationToken cancellationToken);
}
