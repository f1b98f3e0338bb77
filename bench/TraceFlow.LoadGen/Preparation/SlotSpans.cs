namespace TraceFlow.LoadGen.Preparation;

/// <summary>How many spans of the cycle's trace <see cref="Slot"/> a prepared request carries.</summary>
internal readonly record struct SlotSpans(int Slot, int Spans);
