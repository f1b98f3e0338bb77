namespace TraceFlow.Grains.Traces;

/// <summary>Something the <see cref="DecisionWheel"/> reminds when its time has come.</summary>
public interface IDecisionWheelTarget
{
    /// <summary>Called on the wheel's thread: hand the check to the target's own scheduler and return.</summary>
    void OnDecisionDue();
}
