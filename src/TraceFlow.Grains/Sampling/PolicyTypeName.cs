using System.Text;

namespace TraceFlow.Grains.Sampling;

/// <summary>
/// The Collector's type name of a policy object, from its class by convention
/// (<c>StatusCodePolicy</c> is <c>status_code</c>), so listings need no table to keep up to date.
/// </summary>
public static class PolicyTypeName
{
    public static string Of(ITailSamplingPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var name = policy.GetType().Name;
        if (name.EndsWith("Policy", StringComparison.Ordinal) && name.Length > "Policy".Length)
        {
            name = name[..^"Policy".Length];
        }

        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                snake.Append('_');
            }

            snake.Append(char.ToLowerInvariant(name[i]));
        }

        return snake.ToString();
    }
}
