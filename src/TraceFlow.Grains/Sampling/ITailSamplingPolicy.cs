namespace TraceFlow.Grains.Sampling;

/// <summary>One tail-sampling policy, evaluated on a whole trace once it is complete.</summary>
public interface ITailSamplingPolicy
{
    /// <summary>The name recorded on traces and in metrics when this policy decides.</summary>
    string Name { get; }

    PolicyDecision Evaluate(SampledTrace trace);
}
