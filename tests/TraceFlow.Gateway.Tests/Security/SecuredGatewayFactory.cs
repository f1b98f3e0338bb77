using TraceFlow.Gateway.Security;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>The test gateway with API keys on: two tenants, and keys of one role each for tenant A.</summary>
public class SecuredGatewayFactory : GatewayFactory
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

    /// <summary>The only key that has the role; a key of another single role must be refused with 403.</summary>
    public static string KeyOf(string role) => role switch
    {
        GatewayRoles.Ingest => IngestOnlyKey,
        GatewayRoles.Query => QueryOnlyKey,
        _ => AdminOnlyKey,
    };

    /// <summary>A key of one role that is not <paramref name="role"/>.</summary>
    public static string WrongKeyFor(string role) => role == GatewayRoles.Query ? IngestOnlyKey : QueryOnlyKey;

    protected override IReadOnlyDictionary<string, string> ExtraSettings
    {
        get
        {
            var settings = new Dictionary<string, string>
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

            foreach (var (key, value) in MoreSettings)
            {
                settings[key] = value;
            }

            return settings;
        }
    }

    /// <summary>What a derived factory adds.</summary>
    protected virtual IReadOnlyDictionary<string, string> MoreSettings { get; } = new Dictionary<string, string>();
}
