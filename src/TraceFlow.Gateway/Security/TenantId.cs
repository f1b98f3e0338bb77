namespace TraceFlow.Gateway.Security;

/// <summary>
/// Which tenant names are valid: Grafana Tempo's rules for <c>X-Scope-OrgID</c>, so the same
/// header works against both: at most 150 bytes of letters, digits and <c>!-_.*'()</c>, and
/// neither <c>.</c> nor <c>..</c>. None of them is '/', which separates tenant and trace id in keys.
/// </summary>
public static class TenantId
{
    public const int MaxLength = 150;

    public const string HeaderName = "X-Scope-OrgID";

    public static bool IsValid(string? tenant, out string? error)
    {
        error = tenant switch
        {
            null or "" => "must not be empty",
            { Length: > MaxLength } => $"must be at most {MaxLength} characters",
            "." or ".." => "must not be '.' or '..'",
            _ when !tenant.All(IsAllowed) => "may only hold letters, digits and !-_.*'()",
            _ => null,
        };
        return error is null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '!' or '-' or '_' or '.' or '*' or '\'' or '(' or ')';
}
