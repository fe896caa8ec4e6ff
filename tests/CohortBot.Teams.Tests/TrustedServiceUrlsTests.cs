using Microsoft.Extensions.Options;

namespace CohortBot.Teams.Tests;

public sealed class TrustedServiceUrlsTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer")]
    [InlineData("HTTPS://SMBA.trafficmanager.NET/Amer/")]
    [InlineData("https://smba.trafficmanager.net:443/amer/")]
    public void IsTrusted_SameUrlWrittenDifferently_IsTrusted(string candidate)
    {
        var trusted = Create();
        trusted.Trust("https://smba.trafficmanager.net/amer/");

        Assert.True(trusted.IsTrusted(candidate));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/amer/")]
    [InlineData("https://evil.example/?u=https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net:8443/amer/")]
    [InlineData("not a url")]
    [InlineData("")]
    public void IsTrusted_OtherUrl_IsNotTrusted(string candidate)
    {
        var trusted = Create();
        trusted.Trust("https://smba.trafficmanager.net/amer/");

        Assert.False(trusted.IsTrusted(candidate));
    }

    [Fact]
    public void IsTrusted_UrlFromConfiguration_IsTrusted()
    {
        var trusted = Create("http://localhost:56150/_connector");

        Assert.True(trusted.IsTrusted("http://localhost:56150/_connector/"));
        Assert.False(trusted.IsTrusted("http://localhost:56151/_connector/"));
    }

    [Fact]
    public void Trust_NotAnHttpUrl_Throws()
    {
        var trusted = Create();

        Assert.Throws<ArgumentException>(() => trusted.Trust("ftp://smba.trafficmanager.net/amer/"));
    }

    private static TrustedServiceUrls Create(params string[] configured) =>
        new(Options.Create(new BotFrameworkOptions { ServiceUrls = [.. configured] }));
}
