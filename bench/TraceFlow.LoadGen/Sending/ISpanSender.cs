namespace TraceFlow.LoadGen.Sending;

/// <summary>Sends encoded request bodies over one protocol's transport.</summary>
internal interface ISpanSender : IDisposable
{
    /// <summary>Sends <paramref name="body"/>, which carries <paramref name="spanCount"/> spans; the body must stay unchanged until this completes.</summary>
    Task<SendOutcome> SendAsync(ReadOnlyMemory<byte> body, int spanCount, CancellationToken cancellationToken);
}
