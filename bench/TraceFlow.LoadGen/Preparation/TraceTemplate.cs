namespace TraceFlow.LoadGen.Preparation;

/// <summary>One trace of a prepared cycle, as its sends are recorded: its size and what the sampler will see.</summary>
internal readonly record struct TraceTemplate(int SpanCount, bool HasError, bool IsSlow);
