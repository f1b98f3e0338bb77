using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace TraceFlow.Grains.Sampling.Configuration;

/// <summary>
/// The configuration binder quietly leaves out a list element it cannot convert and ignores
/// keys it does not know, so a policy with a wrong-typed value would vanish from the list and
/// a misspelt field would silently take its default. This binds each policy on its own and
/// checks every key against the fields the policy types have, reporting what the binder hides.
/// </summary>
internal static class PolicyBindingCheck
{
    public static void Check(IConfigurationSection policies, string path, List<string> errors)
    {
        foreach (var policy in policies.GetChildren())
        {
            var where = $"{path}[{policy.Key}]";
            try
            {
                policy.Get<PolicyConfig>();
            }
            catch (InvalidOperationException ex)
            {
                errors.Add($"{where}: {ex.InnerException?.Message ?? ex.Message}");
            }

            CheckKeys(policy, typeof(PolicyConfig), where, "", errors);
        }
    }

    private static void CheckKeys(IConfigurationSection section, Type type, string where, string prefix, List<string> errors)
    {
        var fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!fields.TryGetValue(child.Key, out var property))
            {
                var known = string.Join(", ", fields.Keys.Where(k => k is not ("name" or "type") || prefix.Length == 0));
                errors.Add($"{where}: {prefix}{child.Key}: is not a known field (known: {known})");
                continue;
            }

            var fieldType = property.PropertyType;
            if (fieldType == typeof(List<PolicyConfig>))
            {
                Check(child, $"{where}: {prefix}{child.Key}", errors);
            }
            else if (fieldType.IsClass && fieldType != typeof(string) && !fieldType.IsGenericType)
            {
                CheckKeys(child, fieldType, where, $"{prefix}{child.Key}.", errors);
            }
            else if (fieldType.IsGenericType && fieldType.GetGenericTypeDefinition() == typeof(List<>)
                && fieldType.GetGenericArguments()[0] is { IsClass: true } element && element != typeof(string))
            {
                // A list of settings objects (a composite's rate_allocation): check each entry's keys.
                foreach (var item in child.GetChildren())
                {
                    CheckKeys(item, element, where, $"{prefix}{child.Key}[{item.Key}].", errors);
                }
            }
        }
    }
}
