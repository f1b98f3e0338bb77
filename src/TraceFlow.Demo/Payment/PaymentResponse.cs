namespace TraceFlow.Demo.Payment;

public sealed record PaymentResponse(bool Charged, decimal Amount);
