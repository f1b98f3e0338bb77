namespace TraceFlow.Demo.Checkout;

/// <summary>The seed's answer: <c>{"ok":true,"trace_id":"..."}</c>, with <c>error</c> when a step failed.</summary>
public sealed record CheckoutResponse(bool Ok, string TraceId, string? Error = null);
