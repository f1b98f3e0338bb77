using TraceFlow.LoadGen.Generation;
using TraceFlow.LoadGen.Measurement;

namespace TraceFlow.LoadGen.Running;

/// <summary>A finished run: its summary and every trace it started.</summary>
internal sealed record LoadRunResult(RunSummary Summary, IReadOnlyList<TraceRecord> Traces);
