using System.Text.Json;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>
/// Which <c>urls</c> the gateway binds for a container environment, following the configuration
/// order of <c>WebApplication.CreateBuilder</c> (later wins): <c>ASPNETCORE_URLS</c>,
/// appsettings.json, appsettings.{Environment}.json, then the unprefixed <c>Urls</c> variable.
/// </summary>
internal static class GatewayUrls
{
    public static string? Effective(IReadOnlyDictionary<string, string> env)
    {
        string? urls = null;
        if (Lookup(env, "ASPNETCORE_URLS") is { } prefixed)
        {
            urls = prefixed;
        }

        var environment = Lookup(env, "ASPNETCORE_ENVIRONMENT") ?? Lookup(env, "DOTNET_ENVIRONMENT") ?? "Production";
        foreach (var file in new[] { "appsettings.json", $"appsettings.{environment}.json" })
        {
            if (FromAppSettings(file) is { } fromFile)
            {
                urls = fromFile;
            }
        }

        if (Lookup(env, "URLS") is { } unprefixed)
        {
            urls = unprefixed;
        }

        return urls;
    }

    /// <summary>True when one of the semicolon-separated URLs listens on every interface on <paramref name="port"/>.</summary>
    public static bool ListensOnAllInterfaces(string? urls, int port) =>
        urls is not null && urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(url =>
        {
            var hostAndPort = url.Split("://", 2)[^1].TrimEnd('/');
            var colon = hostAndPort.LastIndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            var host = hostAndPort[..colon];
            return hostAndPort[(colon + 1)..] == port.ToString(System.Globalization.CultureInfo.InvariantCulture)
                && host is "0.0.0.0" or "*" or "+" or "[::]";
        });

    // Configuration keys, and the ASPNETCORE_ prefix, match case-insensitively.
    private static string? Lookup(IReadOnlyDictionary<string, string> env, string key) =>
        env.Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Select(e => e.Value).LastOrDefault();

    private static string? FromAppSettings(string file)
    {
        var path = Repo.PathOf("src", "TraceFlow.Gateway", file);
        if (!File.Exists(path))
        {
            return null;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return json.RootElement.EnumerateObject()
            .Where(p => string.Equals(p.Name, "Urls", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Value.GetString())
            .LastOrDefault();
    }
}
