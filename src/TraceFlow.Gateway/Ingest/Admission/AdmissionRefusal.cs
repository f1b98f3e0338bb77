namespace TraceFlow.Gateway.Ingest.Admission;

/// <summary>Why an ingest request was shed: <see cref="Reason"/> labels the metric, <see cref="Message"/> goes to the client.</summary>
public sealed record AdmissionRefusal(string Reason, string Message);
