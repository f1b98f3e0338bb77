namespace TraceFlow.Demo.Payment;

/// <summary>The simulated failure: recorded on the <c>payment.charge</c> span, answered with 500.</summary>
public sealed class PaymentDeclinedException(string message) : Exception(message);
