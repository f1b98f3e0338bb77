using System.Globalization;
using Microsoft.Extensions.Options;

namespace TraceFlow.Gateway.Security;

/// <summary>Refuses to start with a key that could never match, an invalid tenant or an unknown role.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.Enabled && options.Keys.Count == 0)
        {
            errors.Add($"{SecurityOptions.SectionName}:Enabled is true but no key is configured under {SecurityOptions.SectionName}:Keys.");
        }

        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"{SecurityOptions.SectionName}:Keys:{i}");
            if (!ApiKeyHash.IsHash(key.Sha256))
            {
                errors.Add($"{at}:Sha256 must be 64 hex digits, the SHA-256 of the key (run 'TraceFlow.Gateway hash-key').");
            }
            else if (!hashes.Add(key.Sha256))
            {
                errors.Add($"{at}:Sha256 repeats an earlier key's hash.");
            }

            if (!TenantId.IsValid(key.Tenant, out var tenantError))
            {
                errors.Add($"{at}:Tenant {tenantError}");
            }

            if (key.Roles.Count == 0)
            {
                errors.Add($"{at}:Roles is empty; give the key at least one of {string.Join(", ", GatewayRoles.All)}.");
            }

            foreach (var role in key.Roles.Where(r => !GatewayRoles.All.Contains(r, StringComparer.Ordinal)))
            {
                errors.Add($"{at}:Roles has '{role}'; roles are {string.Join(", ", GatewayRoles.All)}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
