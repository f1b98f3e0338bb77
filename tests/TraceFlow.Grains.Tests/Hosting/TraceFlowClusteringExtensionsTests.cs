using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using TraceFlow.Grains.Hosting;

namespace TraceFlow.Grains.Tests.Hosting;

/// <summary>What each membership mode configures in a silo or client host (built, not started).</summary>
public sealed class TraceFlowClusteringExtensionsTests
{
    [Theory]
    [InlineData("Redis")]
    [InlineData("Kubernetes")]
    public void Silo_WithoutRedisConnectionString_FailsNamingTheKey(string membership)
    {
        var error = Assert.Throws<ValidationException>(() => BuildSilo(new() { ["TraceFlow:Cluster:Membership"] = membership }));

        Assert.Contains("TraceFlow:Cluster:RedisConnectionString is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_WithoutRedisConnectionString_FailsNamingTheKey()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["TraceFlow:Cluster:Membership"] = "Redis" });

        var error = Assert.Throws<ValidationException>(() => builder.UseOrleansClient(c => c.UseTraceFlowClustering(builder.Configuration)));

        Assert.Contains("TraceFlow:Cluster:RedisConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Silo_RedisMembership_AdvertisesTheConfiguredAddressAndPorts()
    {
        using var host = BuildSilo(new()
        {
            ["TraceFlow:Cluster:Membership"] = "Redis",
            ["TraceFlow:Cluster:RedisConnectionString"] = "redis:6379",
            ["TraceFlow:Cluster:AdvertisedAddress"] = "10.1.2.3",
            ["TraceFlow:Cluster:SiloPort"] = "12000",
            ["TraceFlow:Cluster:GatewayPort"] = "31000",
            ["TraceFlow:Cluster:ClusterId"] = "blue",
        });

        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Parse("10.1.2.3"), endpoints.AdvertisedIPAddress);
        Assert.Equal(12000, endpoints.SiloPort);
        Assert.Equal(31000, endpoints.GatewayPort);
        Assert.Equal("blue", host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId);
    }

    [Theory]
    [InlineData("Localhost")]
    [InlineData("Redis")]
    public void Silo_EveryMode_DetectsDeadSilosInSecondsAndKeepsGrainSettings(string membership)
    {
        using var host = BuildSilo(new()
        {
            ["TraceFlow:Cluster:Membership"] = membership,
            ["TraceFlow:Cluster:RedisConnectionString"] = "redis:6379",
            ["TraceFlow:Cluster:DirectoryCacheSize"] = "500",
        });

        var membershipOptions = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(2), membershipOptions.ProbeTimeout);
        Assert.Equal(3, membershipOptions.NumMissedProbesLimit);
        Assert.Equal(500, host.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize);
        Assert.Equal(TimeSpan.FromMinutes(5), host.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value.CollectionAge);
    }

    [Fact]
    public void Silo_DefaultMembership_StaysOnLoopback()
    {
        using var host = BuildSilo([]);

        var endpoints = host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Equal(TraceFlowClusterOptions.DefaultSiloPort, endpoints.SiloPort);
    }

    [Fact]
    public void AdvertisedAddress_ResolvesLiteralsHostNamesAndAReachableDefault()
    {
        Assert.Equal(IPAddress.Parse("192.0.2.7"), AdvertisedAddress.Resolve("192.0.2.7"));
        Assert.Equal(IPAddress.Loopback, AdvertisedAddress.Resolve("localhost"));

        var fallback = AdvertisedAddress.Resolve(null);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, fallback.AddressFamily);
    }

    private static IHost BuildSilo(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo.UseTraceFlowClustering(builder.Configuration));
        return builder.Build();
    }
}
