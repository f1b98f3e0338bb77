namespace TraceFlow.Grains.Traces;

/// <summary>A live trace that the silo can tell to decide now, because newer traces need its room.</summary>
public interface ILiveTrace
{
    /// <summary>Decide at the next opportunity on the trace's own scheduler. Called from any thread.</summary>
    void ForceDecision();
}
