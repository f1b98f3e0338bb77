using TraceFlow.Gateway.Security;

namespace TraceFlow.Gateway.Tests.Security;

/// <summary>Keys are hashed the documented way, and configuration that could never authenticate anyone stops start-up.</summary>
public sealed class SecurityConfigurationTests
{
    private const string SecretKeySha256 = "85dbe15d75ef9308c7ae0f33c7a324cc6f4bf519a2ed2f3027bd33c140a4f9aa";

    [Fact]
    public void HashKeyCommand_PrintsTheSha256OfTheKeyReadFromStandardInput()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = KeyHashCommand.Run(new StringReader("secret-key\n"), output, error);

        // What `printf '%s' secret-key | sha256sum` prints.
        Assert.Equal(0, exit);
        Assert.Equal(SecretKeySha256, output.ToString().Trim());
    }

    [Fact]
    public void HashKeyCommand_WithoutAKey_ExplainsHowToSendOne()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, KeyHashCommand.Run(new StringReader(""), output, error));
        Assert.Contains("standard input", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_RefusesKeysThatCouldNeverWork_NamingTheSetting()
    {
        var options = new SecurityOptions { Enabled = true };
        options.Keys.Add(new ApiKeyOptions { Sha256 = "not-hex", Tenant = "..", Roles = { "reader" } });
        options.Keys.Add(new ApiKeyOptions { Sha256 = ApiKeyHash.Hash("a"), Tenant = "a/b" });
        options.Keys.Add(new ApiKeyOptions { Sha256 = ApiKeyHash.Hash("a"), Tenant = "ok", Roles = { GatewayRoles.Query } });

        var result = new SecurityOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("TraceFlow:Security:Keys:0:Sha256 must be 64 hex digits", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("TraceFlow:Security:Keys:0:Tenant must not be '.' or '..'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("TraceFlow:Security:Keys:0:Roles has 'reader'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("TraceFlow:Security:Keys:1:Roles is empty", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("TraceFlow:Security:Keys:2:Sha256 repeats an earlier key's hash", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_RefusesSecurityOnWithoutKeys()
    {
        var result = new SecurityOptionsValidator().Validate(null, new SecurityOptions { Enabled = true });

        Assert.True(result.Failed);
        Assert.Contains("no key is configured", result.FailureMessage, StringComparison.Ordinal);
    }
}
