using Microsoft.Extensions.Options;
using TraceFlow.Grains.Sampling;

namespace TraceFlow.Grains.Traces;

/// <summary>
/// The silo's memory of recent sampling decisions, so spans that arrive after their trace
/// was decided (and its grain deactivated) follow the decision. Keep and drop decisions are
/// remembered separately, as the Collector's <c>decision_cache</c> does, each bounded and
/// forgetting its oldest first. Trace grains use hash placement, so a trace's later
/// activations land on the silo that remembers it while membership is stable.
/// </summary>
public sealed class DecisionCache(IOptions<TraceGrainOptions> options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SamplingDecision> decisions = new(StringComparer.Ordinal);
    private readonly Queue<string> kept = new();
    private readonly Queue<string> dropped = new();
    private readonly int keptCapacity = options.Value.KeptDecisionCacheSize;
    private readonly int droppedCapacity = options.Value.DroppedDecisionCacheSize;

    public void Remember(string traceKey, SamplingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        lock (gate)
        {
            if (!decisions.TryAdd(traceKey, decision))
            {
                // A trace is decided once; a second decision (after the first was forgotten) simply replaces it.
                decisions[traceKey] = decision;
                return;
            }

            var (order, capacity) = decision.Keep ? (kept, keptCapacity) : (dropped, droppedCapacity);
            order.Enqueue(traceKey);
            while (order.Count > capacity)
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
