using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace TraceFlow.Grains.Hosting;

/// <summary>The IP address a silo publishes in the membership table for others to reach it.</summary>
public static class AdvertisedAddress
{
    /// <summary>
    /// <paramref name="configured"/> as an IP address, or the first IPv4 address of that host name;
    /// without one, the machine's first non-loopback IPv4 address, or loopback when there is none
    /// (so several silo processes on one machine still reach each other).
    /// </summary>
    public static IPAddress Resolve(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return FirstNonLoopbackIPv4() ?? IPAddress.Loopback;
        }

        if (IPAddress.TryParse(configured, out var address))
        {
            return address;
        }

        var addresses = Dns.GetHostAddresses(configured);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"{TraceFlowClusterOptions.SectionName}:AdvertisedAddress '{configured}' resolves to no address.");
    }

    private static IPAddress? FirstNonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
