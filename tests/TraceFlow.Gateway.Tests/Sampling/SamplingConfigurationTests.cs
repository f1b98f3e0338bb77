using Microsoft.Extensions.Options;
using TraceFlow.Gateway.Tests.Infrastructure;

namespace TraceFlow.Gateway.Tests.Sampling;

/// <summary>A collector whose configured policy list has a mistake.</summary>
public sealed class BadPolicyGatewayFactory : GatewayFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings { get; } = new Dictionary<string, string>
    {
        ["TraceFlow:Sampling:Policies:0:name"] = "errors",
        ["TraceFlow:Sampling:Policies:0:type"] = "status_code",
        ["TraceFlow:Sampling:Policies:0:status_code:status_codes:0"] = "FAILED",
    };
}

public sealed class SamplingConfigurationTests
{
    [Fact]
    public void ABadPolicyList_StopsStartUp_NamingThePolicyAndField()
    {
        using var factory = new BadPolicyGatewayFactory();

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("policies[0] 'errors': status_code.status_codes: 'FAILED' is not one of ERROR, OK, UNSET", error.Message, StringComparison.Ordinal);
    }
}
