namespace TraceFlow.LoadGen.Measurement;

/// <summary>One progress interval: span rates and the latencies of requests answered in it.</summary>
internal sealed record SecondSample(double ElapsedSeconds, double OfferedPerSecond, double AcceptedPerSecond, double ShedPerSecond, long Rejected, long Errors, long Requests, TimeSpan P50, TimeSpan P99);
