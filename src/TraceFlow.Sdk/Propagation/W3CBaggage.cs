using System.Buffers;
using System.Text;

namespace TraceFlow.Sdk.Propagation;

/// <summary>
/// A minimal codec for the W3C Baggage <c>baggage</c> header: <c>key=value</c> members separated
/// by commas, values percent-encoded as UTF-8. It exists because .NET's own propagators cannot be
/// asked for baggage alone: they always write <c>traceparent</c> too, by their own rules.
/// </summary>
/// <remarks>
/// Properties (<c>;name=value</c> after a value) are read past and dropped, because
/// <see cref="System.Diagnostics.Activity"/> baggage has nowhere to keep them. Malformed members
/// are skipped one by one — the Baggage spec leaves that choice to the implementation, and unlike
/// <c>tracestate</c> the members are independent application data.
/// </remarks>
internal static class W3CBaggage
{
    /// <summary>The most members sent or read: the ABNF allows 180 (<c>list-member 0*179(...)</c>).</summary>
    internal const int MaxMembers = 180;

    /// <summary>The most bytes of header sent or read; members past it are dropped whole, never cut.</summary>
    internal const int MaxLength = 8192;

    // RFC 9110 tchar: the characters a key (a token) may use.
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    // baggage-octet: 0x21 / 0x23-2B / 0x2D-3A / 0x3C-5B / 0x5D-7E (no space, '"', ',', ';', '\').
    private static readonly SearchValues<byte> ValueOctets = SearchValues.Create(
        Enumerable.Range(0x21, 0x7E - 0x21 + 1).Where(b => b is not ('"' or ',' or ';' or '\\')).Select(b => (byte)b).ToArray());

    /// <summary>
    /// Formats <paramref name="items"/> in the order given. Items whose key is not a token are
    /// skipped; for a repeated key only the first is sent, matching <c>Activity.GetBaggageItem</c>.
    /// A <see langword="null"/> value is sent as empty.
    /// </summary>
    /// <returns>The header value, or <see langword="null"/> when there is nothing to send.</returns>
    internal static string? Format(IEnumerable<KeyValuePair<string, string?>> items)
    {
        var builder = new StringBuilder();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in items)
        {
            if (keys.Count == MaxMembers)
            {
                break;
            }

            if (!IsToken(key) || !keys.Add(key))
            {
                continue;
            }

            var member = key + "=" + Encode(value ?? string.Empty);
            var separator = builder.Length > 0 ? 1 : 0;
            if (builder.Length + separator + member.Length > MaxLength)
            {
                keys.Remove(key);
                continue;
            }

            if (separator > 0)
            {
                builder.Append(',');
            }

            builder.Append(member);
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>
    /// Parses a combined <c>baggage</c> header. The result is in reverse header order: that is the
    /// contract of <see cref="System.Diagnostics.DistributedContextPropagator.ExtractBaggage"/>,
    /// whose callers (ASP.NET Core) add the items one by one with <c>Activity.AddBaggage</c>, which
    /// prepends.
    /// </summary>
    /// <returns>The items, or <see langword="null"/> when no valid member was found.</returns>
    internal static List<KeyValuePair<string, string?>>? Parse(string header)
    {
        List<KeyValuePair<string, string?>>? items = null;
        var members = 0;
        var start = 0;
        while (start <= header.Length && members < MaxMembers)
        {
            var comma = header.IndexOf(',', start);
            var end = comma < 0 ? header.Length : comma;
            if (end > MaxLength)
            {
                break;
            }

            var member = header.AsSpan(start, end - start).Trim(" \t");
            if (!member.IsEmpty)
            {
                members++;
                if (TryParseMember(member, out var item))
                {
                    (items ??= []).Add(item);
                }
            }

            start = end + 1;
        }

        items?.Reverse();
        return items;
    }

    private static bool TryParseMember(ReadOnlySpan<char> member, out KeyValuePair<string, string?> item)
    {
        item = default;
        var semicolon = member.IndexOf(';');
        if (semicolon >= 0)
        {
            member = member[..semicolon];
        }

        var equals = member.IndexOf('=');
        if (equals < 0)
        {
            return false;
        }

        var key = member[..equals].Trim(" \t");
        var value = member[(equals + 1)..].Trim(" \t");
        if (!IsToken(key) || !TryDecode(value, out var decoded))
        {
            return false;
        }

        item = new(key.ToString(), decoded);
        return true;
    }

    private static bool IsToken(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(TokenChars);

    private static string Encode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b != '%' && ValueOctets.Contains(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexUpper(b >> 4)).Append(HexUpper(b & 0xF));
            }
        }

        return builder.ToString();
    }

    // Percent-decodes to UTF-8; byte sequences that are not UTF-8 become U+FFFD, as the spec says.
    private static bool TryDecode(ReadOnlySpan<char> value, out string decoded)
    {
        decoded = string.Empty;
        var bytes = new byte[value.Length];
        var length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c > 0x7E || !ValueOctets.Contains((byte)c))
            {
                return false;
            }

            if (c == '%')
            {
                if (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2]))
                {
                    return false;
                }

                bytes[length++] = (byte)((HexValue(value[i + 1]) << 4) | HexValue(value[i + 2]));
                i += 2;
            }
            else
            {
                bytes[length++] = (byte)c;
            }
        }

        decoded = Encoding.UTF8.GetString(bytes, 0, length);
        return true;
    }

    private static char HexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}
