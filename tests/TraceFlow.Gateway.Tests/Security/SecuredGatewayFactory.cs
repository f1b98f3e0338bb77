using TraceFlow.Gateway.Security;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>The test gateway with API keys on: two tenants, and keys of one role each for tenant A.</summary>
public class SecuredGatewayFactory : GatewayFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => TestKeys.Settings(MoreSettings);

    /// <summary>What a derived factory adds.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>();
}

/// <summary>The secured gateway on real Kestrel sockets, for the OpenTelemetry exporters.</summary>
public sealed class SecuredKestrelGatewayFactory : KestrelGatewayFactory
{
    protected override IReadOnlyDictionary<string, string> MoreSettings => TestKeys.Settings(new Dictionary<string, string>());
}

/// <summary>The API keys the secured test gateways accept.</summary>
public static class TestKeys
{
    public const string TenantA = "tenant-a";
    public const string TenantB = "tenant-b";

    /// <summary>Tenant A, ingest and query.</summary>
    public const string KeyA = "key-a-4c1f0e8b2d";

    /// <summary>Tenant B, ingest and query.</summary>
    public const string KeyB = "key-b-97aa31d5e0";

    public const string IngestOnlyKey = "key-ingest-5be0c1";
    public const string QueryOnlyKey = "key-query-0d3a9f";
    public const string AdminOnlyKey = "key-admin-e27b44";

    /// <summary>The key (of tenant A) that has only <paramref name="role"/>.</summary>
    public static string KeyOf(string role) => role switch
    {
        GatewayRoles.Ingest => IngestOnlyKey,
        GatewayRoles.Query => QueryOnlyKey,
        _ => AdminOnlyKey,
    };

    /// <summary>A key of one role that is not <paramref name="role"/>.</summary>
    public static string WrongKeyFor(string role) => role == GatewayRoles.Query ? IngestOnlyKey : QueryOnlyKey;

    /// <summary>Security on with these keys (hashed, as configuration holds them), the memory endpoint on, plus <paramref name="more"/>.</summary>
    public static IReadOnlyDictionary<string, string> Settings(IReadOnlyDictionary<string, string> more)
    {
        var settings = new Dictionary<string, string>(more)
        {
            ["TraceFlow:Security:Enabled"] = "true",
            ["TraceFlow:Diagnostics:MemoryEndpoint"] = "true",
        };
        var keys = new (string Key, string Tenant, string[] Roles)[]
        {
            (KeyA, TenantA, [GatewayRoles.Ingest, GatewayRoles.Query]),
            (KeyB, TenantB, [GatewayRoles.Ingest, GatewayRoles.Query]),
            (IngestOnlyKey, TenantA, [GatewayRoles.Ingest]),
            (QueryOnlyKey, TenantA, [GatewayRoles.Query]),
            (AdminOnlyKey, TenantA, [GatewayRoles.Admin]),
        };
        for (var i = 0; i < keys.Length; i++)
        {
            var prefix = $"TraceFlow:Security:Keys:{i}";
            settings[$"{prefix}:Name"] = $"test-{i}";
            settings[$"{prefix}:Sha256"] = ApiKeyHash.Hash(keys[i].Key);
            settings[$"{prefix}:Tenant"] = keys[i].Tenant;
            for (var r = 0; r < keys[i].Roles.Length; r++)
            {
                settings[$"{prefix}:Roles:{r}"] = keys[i].Roles[r];
            }
        }

        return settings;
    }
}
