using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CohortBot.Teams.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void EffectiveValidIssuers_NoneConfigured_IsThePublicCloudIssuer() =>
        Assert.Equal(["https://api.botframework.com"], new BotFrameworkOptions().EffectiveValidIssuers);

    [Fact]
    public void EffectiveValidIssuers_BoundFromConfiguration_ReplacesTheDefault()
    {
        var options = Bind(new() { ["Teams:ValidIssuers:0"] = "https://api.botframework.us" });

        Assert.Equal(["https://api.botframework.us"], options.EffectiveValidIssuers);
    }

    [Fact]
    public void EffectiveOAuthAuthority_TenantWithDefaultAuthority_IsTheTenantsAuthority()
    {
        var options = Bind(new() { ["Teams:TenantId"] = "tenant-1" });

        Assert.Equal("https://login.microsoftonline.com/tenant-1", options.EffectiveOAuthAuthority);
    }

    [Fact]
    public void EffectiveOAuthAuthority_NoTenant_IsMultiTenantBotFramework() =>
        Assert.Equal("https://login.microsoftonline.com/botframework.com", new BotFrameworkOptions().EffectiveOAuthAuthority);

    [Fact]
    public void EffectiveOAuthAuthority_CustomisedAuthority_IsUsedAsIs()
    {
        var options = Bind(new() { ["Teams:TenantId"] = "tenant-1", ["Teams:OAuthAuthority"] = "https://login.microsoftonline.us/tenant-1" });

        Assert.Equal("https://login.microsoftonline.us/tenant-1", options.EffectiveOAuthAuthority);
    }

    private static BotFrameworkOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddBotFramework();
        services.AddOptions<BotFrameworkOptions>().Bind(configuration.GetSection("Teams"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value;
    }
}
