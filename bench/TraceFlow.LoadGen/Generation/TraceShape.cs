namespace TraceFlow.LoadGen.Generation;

/// <summary>What every generated trace looks like.</summary>
internal sealed record TraceShape(int SpansPerTrace, int Services, int Attributes, double ErrorFraction, double SlowFraction, TimeSpan SlowThreshold);
