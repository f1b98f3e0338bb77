using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Sdk.Tracing;

namespace TraceFlow.Demo.Payment;

/// <summary>
/// <c>POST /pay?amount=</c>: charges inside a manual <c>payment.charge</c> span. A share of charges
/// (<c>--failure-rate</c>) fails: the exception is recorded on the span and the answer is 500,
/// so the trace carries errors for tail sampling to keep.
/// </summary>
public static class PaymentEndpoints
{
    public static void MapPaymentEndpoints(this IEndpointRouteBuilder app) => app.MapPost("/pay", ChargeAsync);

    public static async Task<Results<JsonHttpResult<PaymentResponse>, ProblemHttpResult>> ChargeAsync(
        decimal amount, TraceFlowTracer tracer, DemoOptions options, DemoRandom random, TimeProvider time, CancellationToken cancellationToken)
    {
        using var charge = tracer.StartSpan("payment.charge", attributes: [new("payment.amount", (double)amount)]);
        await random.WorkAsync(20, 60, time, cancellationToken);
        if (random.Chance(options.PaymentFailureRate))
        {
            var declined = new PaymentDeclinedException(string.Create(CultureInfo.InvariantCulture, $"card declined for {amount}"));
            charge?.RecordError(declined);
            return TypedResults.Problem(declined.Message, statusCode: StatusCodes.Status500InternalServerError, title: "Payment failed");
        }

        return TypedResults.Json(new PaymentResponse(true, amount), DemoJsonContext.Default.PaymentResponse);
    }
}
