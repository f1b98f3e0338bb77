namespace TraceFlow.Gateway.Security;

/// <summary>
/// API keys. Off by default (the local profile): every request then acts for the default tenant,
/// or the tenant an <c>X-Scope-OrgID</c> header names, with every role. On, each request except
/// the probes, <c>/metrics</c> and the UI's static files needs <c>Authorization: Bearer &lt;key&gt;</c>.
/// </summary>
public sealed class SecurityOptions
{
    public const string SectionName = "TraceFlow:Security";

    public bool Enabled { get; set; }

    public IList<ApiKeyOptions> Keys { get; } = [];
}
