using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace TraceFlow.Gateway.Ingest.Zipkin;

/// <summary>
/// A Zipkin endpoint as decoded from JSON or protobuf. Addresses are kept in canonical text;
/// like Zipkin, an unparsable address or a port outside 1–65535 is ignored rather than
/// failing the span, and an IPv4-mapped IPv6 address counts as IPv4.
/// </summary>
internal sealed class ZipkinEndpointFields
{
    public string? ServiceName { get; set; }

    public string? Ipv4 { get; private set; }

    public string? Ipv6 { get; private set; }

    public int? Port { get; private set; }

    /// <summary>Sets the IPv4 or IPv6 address from its text, whichever family it is.</summary>
    public void SetAddress(string? text)
    {
        if (TryParseAddress(text, out var address))
        {
            SetAddress(address);
        }
    }

    /// <summary>
    /// An IP address in its usual text: dotted-quad IPv4 or colon IPv6. IPAddress alone also
    /// takes forms such as "10" (0.0.0.10), which are no address a tracer means.
    /// </summary>
    public static bool TryParseAddress(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        if (text is not null && IPAddress.TryParse(text, out address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 ? text.Contains(':', StringComparison.Ordinal) : address.ToString() == text))
        {
            return true;
        }

        address = null;
        return false;
    }

    /// <summary>Sets the address from its 4 or 16 bytes; other lengths are ignored.</summary>
    public void SetAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is 4 or 16)
        {
            SetAddress(new IPAddress(bytes));
        }
    }

    public void SetPort(long port)
    {
        if (port is >= 1 and <= ushort.MaxValue)
        {
            Port = (int)port;
        }
    }

    private void SetAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Ipv4 = address.ToString();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // Without a zone: the scope id means nothing on another host.
            address.ScopeId = 0;
            Ipv6 = address.ToString();
        }
    }
}
