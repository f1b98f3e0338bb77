namespace TraceFlow.Gateway.Security;

/// <summary>An <c>X-Scope-OrgID</c> that is not a valid tenant: answered 400, not 401.</summary>
internal sealed class TenantHeaderException(string message) : Exception(message);
