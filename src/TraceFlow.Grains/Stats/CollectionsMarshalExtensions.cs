using System.Runtime.InteropServices;

namespace TraceFlow.Grains.Stats;

internal static class CollectionsMarshalExtensions
{
    /// <summary>Returns the value for <paramref name="key"/>, adding a new one when absent, with one lookup.</summary>
    public static TValue GetOrAdd<TKey, TValue>(Dictionary<TKey, TValue> dictionary, TKey key)
        where TKey : notnull
        where TValue : class, new()
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(dictionary, key, out _);
        return slot ??= new TValue();
    }
}
