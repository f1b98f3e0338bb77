using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace TraceFlow.Sdk.Propagation;

/// <summary>
/// The W3C Trace Context <c>tracestate</c> header: an ordered list of at most 32 vendor
/// <c>key=value</c> entries, the left-most written by the most recent participant.
/// </summary>
/// <remarks>
/// <para>
/// Instances are immutable, so a state read from one request can be shared by every activity
/// and thread that continues it; <see cref="Set"/> and <see cref="Remove"/> return new instances.
/// </para>
/// <para>
/// Parsing is all or nothing (Trace Context Level 1): a list that breaks any rule — a bad key or
/// value, a duplicated key, more than 32 entries — is dropped whole. Passing on a half-repaired
/// list could hand another vendor an entry it never wrote, while dropping it only loses
/// vendor-specific detail; the <c>traceparent</c> is kept either way.
/// </para>
/// </remarks>
public sealed class TraceState
{
    /// <summary>The most list-members a <c>tracestate</c> may hold.</summary>
    public const int MaxMembers = 32;

    /// <summary>The longest key: a simple key is up to 256 characters, and so is a multi-tenant one (241 + '@' + 14).</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The longest value.</summary>
    public const int MaxValueLength = 256;

    private const int MaxTenantIdLength = 241;
    private const int MaxSystemIdLength = 14;

    // keychar without '@': lcalpha / DIGIT / "_" / "-" / "*" / "/".
    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_-*/");

    // chr: printable ASCII 0x20-0x7E except ',' (0x2C) and '=' (0x3D).
    private static readonly SearchValues<char> ValueChars =
        SearchValues.Create(" !\"#$%&'()*+-./0123456789:;<>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private readonly KeyValuePair<string, string>[] _members;
    private readonly string _header;

    private TraceState(KeyValuePair<string, string>[] members)
    {
        _members = members;
        Members = Array.AsReadOnly(members);
        _header = Format(members);
    }

    /// <summary>A state with no entries: what an absent or blank header means.</summary>
    public static TraceState Empty { get; } = new([]);

    /// <summary>The entries, left-most (most recently set) first.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Members { get; }

    /// <summary>The number of entries.</summary>
    public int Count => _members.Length;

    /// <summary>Whether there are no entries; an empty state is not worth sending.</summary>
    public bool IsEmpty => _members.Length == 0;

    /// <summary>
    /// Parses one <c>tracestate</c> header value. A <see langword="null"/> value, or one made only of
    /// commas, spaces and tabs, is a valid empty list: the spec allows empty list-members so that
    /// several header fields can be joined without special cases.
    /// </summary>
    /// <returns>
    /// <see langword="false"/> when the value breaks any rule of the spec, so the whole header must be
    /// dropped; never throws.
    /// </returns>
    public static bool TryParse(string? header, [NotNullWhen(true)] out TraceState? state)
    {
        state = null;
        if (header is null)
        {
            state = Empty;
            return true;
        }

        List<KeyValuePair<string, string>>? members = null;
        var rest = header.AsSpan();
        while (true)
        {
            var comma = rest.IndexOf(',');
            var member = TrimOptionalWhitespace(comma < 0 ? rest : rest[..comma]);
            if (!member.IsEmpty)
            {
                members ??= [];
                if (members.Count == MaxMembers || !TryAddMember(members, member))
                {
                    return false;
                }
            }

            if (comma < 0)
            {
                break;
            }

            rest = rest[(comma + 1)..];
        }

        state = members is null ? Empty : new TraceState([.. members]);
        return true;
    }

    /// <summary>
    /// Parses a <c>tracestate</c> that arrived as several header fields. The spec says to combine
    /// them as HTTP does, in order, joined with commas; the 32-entry limit and the duplicate-key
    /// rule then apply to the combined list.
    /// </summary>
    /// <returns><see langword="false"/> when the combined list is invalid; never throws.</returns>
    public static bool TryParse(IEnumerable<string?>? headers, [NotNullWhen(true)] out TraceState? state)
    {
        if (headers is null)
        {
            state = Empty;
            return true;
        }

        return TryParse(string.Join(',', headers), out state);
    }

    /// <summary>Whether <paramref name="key"/> is a valid simple or multi-tenant (<c>tenant@system</c>) key.</summary>
    public static bool IsValidKey(ReadOnlySpan<char> key)
    {
        var at = key.IndexOf('@');
        if (at < 0)
        {
            return key.Length is >= 1 and <= MaxKeyLength && char.IsAsciiLetterLower(key[0]) && !key[1..].ContainsAnyExcept(KeyChars);
        }

        var tenant = key[..at];
        var system = key[(at + 1)..];
        return tenant.Length is >= 1 and <= MaxTenantIdLength
            && (char.IsAsciiLetterLower(tenant[0]) || char.IsAsciiDigit(tenant[0]))
            && !tenant[1..].ContainsAnyExcept(KeyChars)
            && system.Length is >= 1 and <= MaxSystemIdLength
            && char.IsAsciiLetterLower(system[0])
            && !system[1..].ContainsAnyExcept(KeyChars);
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a valid value: 1 to 256 printable ASCII characters other
    /// than ',' and '=', not ending in a space (a trailing space would be read back as whitespace).
    /// </summary>
    public static bool IsValidValue(ReadOnlySpan<char> value) =>
        value.Length is >= 1 and <= MaxValueLength && value[^1] != ' ' && !value.ContainsAnyExcept(ValueChars);

    /// <summary>The value stored under <paramref name="key"/>, or <see langword="null"/> when there is none.</summary>
    public string? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var index = IndexOf(key);
        return index < 0 ? null : _members[index].Value;
    }

    /// <summary>
    /// Returns a state with <paramref name="key"/> set to <paramref name="value"/> as the left-most
    /// entry, as the spec requires for added and updated keys. Any older entry for the key is
    /// removed, and when the list would exceed 32 entries the right-most one is dropped.
    /// </summary>
    /// <exception cref="ArgumentException">The key or the value breaks the spec's grammar.</exception>
    public TraceState Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!IsValidKey(key))
        {
            throw new ArgumentException("Not a valid W3C tracestate key.", nameof(key));
        }

        if (!IsValidValue(value))
        {
            throw new ArgumentException("Not a valid W3C tracestate value.", nameof(value));
        }

        var members = new List<KeyValuePair<string, string>>(Math.Min(_members.Length + 1, MaxMembers)) { new(key, value) };
        foreach (var member in _members)
        {
            if (members.Count == MaxMembers)
            {
                break;
            }

            if (!string.Equals(member.Key, key, StringComparison.Ordinal))
            {
                members.Add(member);
            }
        }

        return new TraceState([.. members]);
    }

    /// <summary>Returns a state without <paramref name="key"/>; the order of the other entries is kept.</summary>
    public TraceState Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var index = IndexOf(key);
        if (index < 0)
        {
            return this;
        }

        if (_members.Length == 1)
        {
            return Empty;
        }

        var members = new KeyValuePair<string, string>[_members.Length - 1];
        Array.Copy(_members, 0, members, 0, index);
        Array.Copy(_members, index + 1, members, index, members.Length - index);
        return new TraceState(members);
    }

    /// <summary>The header value, <c>k1=v1,k2=v2</c>, without optional whitespace.</summary>
    public override string ToString() => _header;

    private static bool TryAddMember(List<KeyValuePair<string, string>> members, ReadOnlySpan<char> member)
    {
        var equals = member.IndexOf('=');
        if (equals < 0)
        {
            return false;
        }

        var key = member[..equals];
        var value = member[(equals + 1)..];
        if (!IsValidKey(key) || !IsValidValue(value))
        {
            return false;
        }

        foreach (var existing in members)
        {
            if (key.SequenceEqual(existing.Key))
            {
                return false;
            }
        }

        members.Add(new(key.ToString(), value.ToString()));
        return true;
    }

    // OWS is only space and horizontal tab (RFC 9110 §5.6.3); other whitespace is invalid.
    private static ReadOnlySpan<char> TrimOptionalWhitespace(ReadOnlySpan<char> text) => text.Trim(" \t");

    private int IndexOf(string key)
    {
        for (var i = 0; i < _members.Length; i++)
        {
            if (string.Equals(_members[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Format(KeyValuePair<string, string>[] members)
    {
        if (members.Length == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var member in members)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(member.Key).Append('=').Append(member.Value);
        }

        return builder.ToString();
    }
}
