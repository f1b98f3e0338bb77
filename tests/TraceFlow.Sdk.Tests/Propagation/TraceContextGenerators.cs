using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using TraceFlow.Sdk.Propagation;

namespace TraceFlow.Sdk.Tests.Propagation;

/// <summary>
/// FsCheck generators for W3C Trace Context inputs. Valid inputs are built from the spec's ABNF
/// (not from the code under test), broken ones by mutating valid ones one rule at a time, so a
/// failing case names the rule that was not enforced.
/// </summary>
internal static class TraceContextGenerators
{
    private const string LowerHexChars = "0123456789abcdef";
    private const string LcAlphaChars = "abcdefghijklmnopqrstuvwxyz";
    private const string DigitChars = "0123456789";
    private const string KeyChars = LcAlphaChars + DigitChars + "_-*/";

    // chr = %x20 / nblk-chr; nblk-chr = %x21-2B / %x2D-3C / %x3E-7E.
    private static readonly char[] ValueChars = [.. Enumerable.Range(0x20, 0x7E - 0x20 + 1).Select(c => (char)c).Where(c => c is not (',' or '='))];
    private static readonly char[] NonBlankValueChars = [.. ValueChars.Where(c => c != ' ')];

    // Offsets of the hex digits and of the dashes in a version-00 traceparent.
    private static readonly int[] HexPositions = [.. Enumerable.Range(0, TraceParent.Length).Where(i => i is not (2 or 35 or 52))];
    private static readonly int[] DashPositions = [2, 35, 52];

    /// <summary>Any UTF-16 code unit, weighted towards ASCII where the parsers' decisions are.</summary>
    public static Gen<char> AnyChar => Gen.Frequency(
        (3, Gen.Choose(0, 0x7F).Select(c => (char)c)),
        (1, Gen.Choose(0, 0xFFFF).Select(c => (char)c)));

    public static Gen<string> TraceId => Hex(32).Where(id => id.Any(c => c != '0'));

    public static Gen<string> SpanId => Hex(16).Where(id => id.Any(c => c != '0'));

    public static Gen<byte> Flags => Gen.Choose(0, 255).Select(b => (byte)b);

    public static Gen<TraceParent> ValidTraceParent =>
        from traceId in TraceId
        from spanId in SpanId
        from flags in Flags
        select new TraceParent(traceId, spanId, flags);

    /// <summary>Versions 01-fe: not 00, and not the forbidden ff.</summary>
    public static Gen<string> FutureVersion => Gen.Choose(1, 254).Select(v => v.ToString("x2", CultureInfo.InvariantCulture));

    /// <summary>A valid header of a future version, with or without extra <c>-...</c> fields.</summary>
    public static Gen<(TraceParent Expected, string Header)> FutureVersionTraceParent =>
        from parent in ValidTraceParent
        from version in FutureVersion
        from extension in Gen.OneOf(Gen.Constant(string.Empty), StringOf(AnyChar, 0, 40).Select(rest => "-" + rest))
        select (parent, version + parent.ToString()[2..] + extension);

    /// <summary>A version-00-shaped header broken in exactly one way the spec forbids.</summary>
    public static Gen<string> InvalidTraceParent => Gen.OneOf(
        // Uppercase hex anywhere (version, ids, flags).
        from header in ValidHeader
        from position in Gen.Elements(HexPositions)
        from upper in Gen.Elements("ABCDEF".ToCharArray())
        select Replace(header, position, upper),
        // One character too few or too many.
        from header in ValidHeader
        from position in Gen.Choose(0, TraceParent.Length - 1)
        select header.Remove(position, 1),
        from header in ValidHeader
        from position in Gen.Choose(0, TraceParent.Length)
        from extra in Gen.Elements((LowerHexChars + "-").ToCharArray())
        select header.Insert(position, extra.ToString()),
        // A separator that is not a dash.
        from header in ValidHeader
        from position in Gen.Elements(DashPositions)
        from separator in AnyChar.Where(c => c != '-')
        select Replace(header, position, separator),
        // A character that is not lowercase hex where one is required.
        from header in ValidHeader
        from position in Gen.Elements(HexPositions)
        from bad in AnyChar.Where(c => !LowerHexChars.Contains(c, StringComparison.Ordinal))
        select Replace(header, position, bad),
        // The forbidden version, and all-zero ids.
        ValidHeader.Select(header => "ff" + header[2..]),
        from parent in ValidTraceParent
        select (parent with { TraceId = new string('0', 32) }).ToString(),
        from parent in ValidTraceParent
        select (parent with { ParentId = new string('0', 16) }).ToString(),
        // Version 00 followed by anything at all.
        from header in ValidHeader
        from suffix in StringOf(AnyChar, 1, 40)
        select header + suffix,
        // A future version whose flags are followed by something other than a dash.
        from header in ValidHeader
        from version in FutureVersion
        from next in AnyChar.Where(c => c != '-')
        from rest in StringOf(AnyChar, 0, 20)
        select version + header[2..] + next + rest);

    /// <summary>A valid simple or multi-tenant tracestate key.</summary>
    public static Gen<string> Key => Gen.Frequency(
        (3, from first in Gen.Elements(LcAlphaChars.ToCharArray())
            from rest in StringOf(Gen.Elements(KeyChars.ToCharArray()), Length(255))
            select first + rest),
        (1, from tenantFirst in Gen.Elements((LcAlphaChars + DigitChars).ToCharArray())
            from tenantRest in StringOf(Gen.Elements(KeyChars.ToCharArray()), Length(240))
            from systemFirst in Gen.Elements(LcAlphaChars.ToCharArray())
            from systemRest in StringOf(Gen.Elements(KeyChars.ToCharArray()), Length(13))
            select tenantFirst + tenantRest + "@" + systemFirst + systemRest));

    /// <summary>A valid tracestate value: up to 255 <c>chr</c> then one non-blank character.</summary>
    public static Gen<string> Value =>
        from rest in StringOf(Gen.Elements(ValueChars), Length(255))
        from last in Gen.Elements(NonBlankValueChars)
        select rest + last;

    /// <summary>
    /// A key that breaks the grammar while staying a single list-member in a header (no comma, no
    /// spaces or tabs at its ends, which a parser would rightly trim).
    /// </summary>
    public static Gen<string> InvalidKey => Gen.OneOf(
        Gen.Constant(string.Empty),
        Key.Select(key => char.ToUpperInvariant(key[0]) + key[1..]).Where(key => char.IsAsciiLetterUpper(key[0])),
        from digit in Gen.Elements(DigitChars.ToCharArray())
        from rest in StringOf(Gen.Elements(LcAlphaChars.ToCharArray()), 0, 10)
        select digit + rest,
        from key in Key
        from position in Gen.Choose(1, 255)
        from bad in AnyChar.Where(c => !KeyChars.Contains(c, StringComparison.Ordinal) && c is not ('@' or ',' or '='))
        select key.Insert(Math.Min(position, key.Length), bad.ToString()),
        Gen.Constant(new string('k', 257)),
        Gen.Constant(new string('t', 242) + "@v"),
        Gen.Constant("t@" + new string('v', 15)),
        Gen.Constant("t@1v"),
        Gen.Constant("t@_v"),
        Gen.Constant("_t@v"),
        Gen.Constant("@foo"),
        Gen.Constant("foo@"),
        Gen.Constant("foo@@bar"),
        Gen.Constant("foo@bar@baz"));

    /// <summary>
    /// A value that breaks the grammar while staying a single list-member. A trailing space is not
    /// here: in a header it is optional whitespace, not part of the value.
    /// </summary>
    public static Gen<string> InvalidValue => Gen.OneOf(
        Gen.Constant(string.Empty),
        Gen.Constant(new string('v', 257)),
        from value in Value
        from position in Gen.Choose(0, 255)
        from bad in AnyChar.Where(c => c is '=' or < ' ' or > '~')
        select value.Insert(Math.Min(position, value.Length - 1), bad.ToString()));

    /// <summary>A valid member list with distinct keys and between <paramref name="min"/> and <paramref name="max"/> members.</summary>
    public static Gen<KeyValuePair<string, string>[]> Members(int min, int max) =>
        from count in Gen.Choose(min, max)
        from keys in Gen.ArrayOf(Key, count).Where(keys => keys.Distinct(StringComparer.Ordinal).Count() == keys.Length)
        from values in Gen.ArrayOf(Value, count)
        select keys.Zip(values, (key, value) => new KeyValuePair<string, string>(key, value)).ToArray();

    /// <summary>
    /// Renders members as a header with the freedom the spec allows: optional whitespace around
    /// commas and at the ends, and empty list-members anywhere.
    /// </summary>
    public static Gen<string> RenderLoosely(IReadOnlyList<KeyValuePair<string, string>> members) =>
        from separators in Gen.ArrayOf(Separator, members.Count + 1)
        select separators[0] + string.Concat(members.Select((member, i) => member.Key + "=" + member.Value + separators[i + 1]));

    /// <summary>Any string at all, weighted towards near-misses of valid headers; sometimes null.</summary>
    public static Gen<string?> AnyHeader => Gen.OneOf(
        ArbMap.Default.ArbFor<string>().Generator.Select(s => (string?)s),
        StringOf(AnyChar, 0, 120).Select(s => (string?)s),
        StringOf(Gen.Elements("0123456789abcdefABCDEF-=,;@*/_% \t\r\n\0é\uD800\uFFFF".ToCharArray()), 0, 120).Select(s => (string?)s),
        from header in ValidHeader
        from mutated in Mutate(header)
        select (string?)mutated,
        from members in Members(1, 4)
        from header in RenderLoosely(members)
        from mutated in Mutate(header)
        select (string?)mutated,
        from first in ValidHeader
        from second in ValidHeader
        select (string?)(first + "," + second),
        ValidHeader.Select(header => (string?)header),
        from members in Members(0, 4)
        from header in RenderLoosely(members)
        select (string?)header);

    /// <summary>Lowercase hex strings of one length (may be all zero).</summary>
    public static Gen<string> Hex(int length) =>
        Gen.ArrayOf(Gen.Elements(LowerHexChars.ToCharArray()), length).Select(chars => new string(chars));

    public static Gen<string> StringOf(Gen<char> chars, int minLength, int maxLength) =>
        StringOf(chars, Gen.Choose(minLength, maxLength));

    private static Gen<string> ValidHeader => ValidTraceParent.Select(parent => parent.ToString());

    // ows "," ows, sometimes with empty members in between.
    private static Gen<string> Separator =>
        from commas in Gen.Choose(1, 3)
        from spaces in Gen.ArrayOf(StringOf(Gen.Elements(' ', '\t'), 0, 2), (commas * 2) + 1)
        select spaces[0] + string.Concat(Enumerable.Range(0, commas).Select(i => "," + spaces[(i * 2) + 1] + spaces[(i * 2) + 2]));

    private static Gen<string> StringOf(Gen<char> chars, Gen<int> length) =>
        from count in length
        from array in Gen.ArrayOf(chars, count)
        select new string(array);

    // Mostly short, sometimes anything up to the limit, sometimes exactly the limit.
    private static Gen<int> Length(int max) => Gen.Frequency(
        (8, Gen.Choose(0, Math.Min(max, 8))),
        (1, Gen.Choose(0, max)),
        (1, Gen.Constant(max)));

    private static Gen<string> Mutate(string text) =>
        from count in Gen.Choose(1, 3)
        from positions in Gen.ArrayOf(Gen.Choose(0, text.Length - 1), count)
        from replacements in Gen.ArrayOf(AnyChar, count)
        select positions.Zip(replacements).Aggregate(text, (current, edit) => Replace(current, edit.First, edit.Second));

    private static string Replace(string text, int position, char replacement) =>
        text[..position] + replacement + text[(position + 1)..];
}
