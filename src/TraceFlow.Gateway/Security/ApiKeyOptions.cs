namespace TraceFlow.Gateway.Security;

/// <summary>One configured API key: the SHA-256 of the key (never the key), its tenant and its roles.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>A label for logs and metrics; the key itself is never logged.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The SHA-256 of the key's UTF-8 bytes, 64 hex digits (<c>TraceFlow.Gateway hash-key</c> prints it).</summary>
    public string Sha256 { get; set; } = string.Empty;

    /// <summary>Every span the key sends and every trace it reads belongs to this tenant.</summary>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>Any of <c>ingest</c>, <c>query</c> and <c>admin</c>.</summary>
    public IList<string> Roles { get; } = [];
}
