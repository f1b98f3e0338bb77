using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// The silo's memory of recent sampling decisions, so spans that arrive after their trace
/// was decided (and its grain deactivated) follow the decision. Bounded: the oldest
/// decision is forgotten first. Trace grains use hash placement, so a trace's later
/// activations land on the silo that remembers it while membership is stable.
/// </summary>
public sealed class DecisionCache(IOptions<TraceGrainOptions> options)
{
    private readonly int capacity = options.Value.DecisionCacheSize;
    private readonly Lock gate = new();
    private readonly Dictionary<string, SamplingDecision> decisions = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public void Remember(string traceKey, SamplingDecision decision)
    {
        lock (gate)
        {
            if (!decisions.TryAdd(traceKey, decision))
            {
                decisions[traceKey] = decision;
                return;
            }

            order.Enqueue(traceKey);
            if (order.Count > capacity)
            {
                decisions.Remove(order.Dequeue());
            }
        }
    }

    public SamplingDecision? Find(string traceKey)
    {
        lock (gate)
        {
            return decisions.GetValueOrDefault(traceKey);
        }
    }
}
