using TraceFlow.Demo;

// Sends checkout → inventory / payment traces to a collector, the shape of the seed's demo.
// Usage: dotnet run --project src/TraceFlow.Demo -- [collector-url] [trace-count]
var collector = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:9411");
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
using var http = new HttpClient { BaseAddress = collector };
for (var i = 0; i < count; i++)
{
    var traceId = await CheckoutTrace.SendAsync(http, TimeProvider.System, Random.Shared, CancellationToken.None);
    Console.WriteLine($"checkout: {{\"ok\":true,\"trace_id\":\"{traceId}\"}}");
}
