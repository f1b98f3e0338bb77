namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>
/// An ingest request's place among those in flight, held until the request is answered
/// (dispose it); or, when <see cref="Refusal"/> is set, the reason it got none.
/// </summary>
public sealed class AdmissionTicket : IDisposable
{
    private readonly IngestAdmission? admission;
    private readonly long bytes;
    private int released;

    internal AdmissionTicket(IngestAdmission admission, long bytes)
    {
        this.admission = admission;
        this.bytes = bytes;
    }

    internal AdmissionTicket(AdmissionRefusal refusal) => Refusal = refusal;

    public AdmissionRefusal? Refusal { get; }

    public void Dispose()
    {
        if (admission is not null && Interlocked.Exchange(ref released, 1) == 0)
        {
            admission.Release(bytes);
        }
    }
}
