using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace TraceFlow.Gateway.Tests.Fuzz;

/// <summary>
/// FsCheck inputs for the decoders: random bytes, and valid bodies mutated the ways broken or
/// hostile clients mutate them (truncated, bytes flipped, slices inserted, repeated or removed).
/// Properties run inside [Fact]s (FsCheck.Xunit.v3 needs a newer xunit) and fail with the
/// counterexample and its replay seed.
/// </summary>
internal static class Fuzz
{
    /// <summary>Enough cases per decoder to hit the rarer branches in a second or two.</summary>
    public const int Cases = 500;

    public static Gen<byte[]> RandomBytes => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();

    /// <summary>Random text over the characters that matter to a JSON reader.</summary>
    public static Gen<byte[]> RandomJson =>
        Gen.Elements("{", "}", "[", "]", ",", ":", "\"", "\\", "0", "-1", "1e999", "true", "null", " ", "\"a\"", "\\u0000", "\u00e9", "\ud83d\ude00")
            .ListOf()
            .Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)));

    /// <summary>One of the valid bodies, mutated zero to four times.</summary>
    public static Gen<byte[]> Mutated(params byte[][] valid) =>
        from body in Gen.Elements(valid)
        from count in Gen.Choose(0, 4)
        from mutations in Mutation.ListOf(count)
        select mutations.Aggregate(body, (current, mutate) => mutate(current));

    private static Gen<Func<byte[], byte[]>> Mutation => Gen.OneOf(
        Gen.Choose(0, 100).Select<int, Func<byte[], byte[]>>(percent => b => b[..(b.Length * percent / 100)]),
        Gen.Zip(Gen.Choose(0, 10_000), Gen.Choose(0, 255)).Select<(int, int), Func<byte[], byte[]>>(p => b => Flip(b, p.Item1, (byte)p.Item2)),
        Gen.Zip(Gen.Choose(0, 10_000), RandomBytes).Select<(int, byte[]), Func<byte[], byte[]>>(p => b => Insert(b, p.Item1, p.Item2)),
        Gen.Zip(Gen.Choose(0, 10_000), Gen.Choose(1, 64)).Select<(int, int), Func<byte[], byte[]>>(p => b => Remove(b, p.Item1, p.Item2)),
        from at in Gen.Choose(0, 10_000)
        from length in Gen.Choose(1, 64)
        from times in Gen.Choose(2, 50)
        select (Func<byte[], byte[]>)(b => Repeat(b, at, length, times)));

    public static void Check<T>(Gen<T> inputs, Action<T> property, int cases = Cases) =>
        Prop.ForAll(inputs.ToArbitrary(), property).Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true));

    /// <summary>
    /// Runs <paramref name="decode"/> and fails if it allocated more than a fixed multiple of the
    /// input (the decoded spans are a few times the bytes they came from), plus a constant.
    /// </summary>
    public static void WithinAllocationBound(int inputBytes, Action decode)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        decode();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bound = (64L * inputBytes) + (256 * 1024);
        Assert.True(allocated <= bound, $"decoding {inputBytes} bytes allocated {allocated} bytes (bound {bound})");
    }

    private static byte[] Flip(byte[] body, int at, byte value)
    {
        if (body.Length == 0)
        {
            return body;
        }

        var copy = (byte[])body.Clone();
        copy[at % copy.Length] = value;
        return copy;
    }

    private static byte[] Insert(byte[] body, int at, byte[] inserted)
    {
        var index = at % (body.Length + 1);
        return [.. body[..index], .. inserted, .. body[index..]];
    }

    private static byte[] Remove(byte[] body, int at, int count)
    {
        if (body.Length == 0)
        {
            return body;
        }

        var index = at % body.Length;
        return [.. body[..index], .. body[Math.Min(body.Length, index + count)..]];
    }

    private static byte[] Repeat(byte[] body, int at, int length, int times)
    {
        if (body.Length == 0)
        {
            return body;
        }

        var index = at % body.Length;
        var slice = body[index..Math.Min(body.Length, index + length)];
        return [.. body[..index], .. Enumerable.Repeat(slice, times).SelectMany(s => s), .. body[index..]];
    }
}
