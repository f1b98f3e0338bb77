using System.Security.Cryptography;
using System.Text;

namespace TraceFlow.Gateway.Security;

/// <summary>How keys are stored in configuration: the lowercase hex SHA-256 of the key's UTF-8 bytes.</summary>
public static class ApiKeyHash
{
    public const int HexLength = SHA256.HashSizeInBytes * 2;

    public static string Hash(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    public static bool IsHash(string? text) => text is { Length: HexLength } && text.All(Uri.IsHexDigit);
}
