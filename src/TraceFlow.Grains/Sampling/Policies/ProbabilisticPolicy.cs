using System.Text;

namespace TraceFlow.Grains.Sampling.Policies;

/// <summary>
/// <c>probabilistic</c>: keeps <c>sampling_percentage</c> % of traces by the OpenTelemetry
/// Collector's own rule, so the same trace is kept by both: 64-bit FNV-1a over the
/// <c>hash_salt</c> (default <c>default-hash-seed</c>) and then the trace id's 16 bytes, kept
/// when the hash is at most the percentage of the 64-bit range. Stable across silos and runs.
/// Ids that are not 32 hex digits (the seed's <c>trace-1</c>) hash as their UTF-8 text.
/// </summary>
public sealed class ProbabilisticPolicy : ITailSamplingPolicy
{
    public const string DefaultHashSalt = "default-hash-seed";

    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    private readonly ulong threshold;
    private readonly ulong saltedBasis;

    public ProbabilisticPolicy(string name, double samplingPercentage, string salt)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(samplingPercentage);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samplingPercentage, 100.0);
        ArgumentNullException.ThrowIfNull(salt);
        Name = name;
        var ratio = samplingPercentage / 100;
        threshold = ratio >= 1 ? ulong.MaxValue : (ulong)(ratio * ulong.MaxValue);
        saltedBasis = Hash(OffsetBasis, Encoding.UTF8.GetBytes(salt.Length == 0 ? DefaultHashSalt : salt));
    }

    public string Name { get; }

    public PolicyDecision Evaluate(SampledTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Samples(trace.TraceId) ? PolicyDecision.Sampled : PolicyDecision.NotSampled;
    }

    public bool Samples(string traceId)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        Span<byte> raw = stackalloc byte[16];
        var bytes = traceId.Length == 32 && Convert.FromHexString(traceId, raw, out _, out var written) == System.Buffers.OperationStatus.Done && written == 16
            ? raw
            : Encoding.UTF8.GetBytes(traceId);
        return Hash(saltedBasis, bytes) <= threshold;
    }

    private static ulong Hash(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
