using System.Text;

namespace CohortBot.Slack.Tests;

public sealed class SignatureTests
{
    // Slack's published example ("Verifying requests from Slack").
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static SlackVerification Verify(
        string? secret = Secret, string? timestamp = Timestamp, string? signature = Signature, string body = Body, DateTimeOffset? now = null) =>
        SlackSignature.Verify(secret, timestamp, signature, Encoding.UTF8.GetBytes(body), now ?? At);

    [Fact]
    public void Verify_PublishedVector_IsValid() => Assert.Equal(SlackVerification.Valid, Verify());

    [Fact]
    public void Sign_PublishedVector_GivesPublishedSignature() =>
        Assert.Equal(Signature, SlackSignature.Sign(Secret, Timestamp, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Sign_AgreesWithTheFakesIndependentSigner()
    {
        var body = Encoding.UTF8.GetBytes("{\"type\":\"event_callback\",\"text\":\"héllo ✓\"}");
        Assert.Equal(CohortBot.Fakes.Slack.SlackRequestSigner.Sign("s3cret", "1700000000", body), SlackSignature.Sign("s3cret", "1700000000", body));
    }

    [Fact]
    public void Verify_TamperedBody_IsMismatch() => Assert.Equal(SlackVerification.Mismatch, Verify(body: Body.Replace("roadrunner", "coyote", StringComparison.Ordinal)));

    [Fact]
    public void Verify_OneExtraByteOfBody_IsMismatch() => Assert.Equal(SlackVerification.Mismatch, Verify(body: Body + " "));

    [Fact]
    public void Verify_WrongSecret_IsMismatch() => Assert.Equal(SlackVerification.Mismatch, Verify(secret: "8f742231b10e8888abcd99yyyzzz85a6"));

    [Fact]
    public void Verify_SignatureOfAnotherTimestamp_IsMismatch() =>
        Assert.Equal(SlackVerification.Mismatch, Verify(timestamp: "1531420619", now: At.AddSeconds(1)));

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    [InlineData(86_400)]
    public void Verify_TimestampMoreThan300SecondsFromNow_IsStale(int offsetSeconds) =>
        Assert.Equal(SlackVerification.Stale, Verify(now: At.AddSeconds(offsetSeconds)));

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    public void Verify_TimestampExactly300SecondsFromNow_IsAccepted(int offsetSeconds) =>
        Assert.Equal(SlackVerification.Valid, Verify(now: At.AddSeconds(offsetSeconds)));

    [Fact]
    public void Verify_StaleAndTampered_IsRefusedEitherWay()
    {
        var result = Verify(body: "x", now: At.AddHours(1));
        Assert.NotEqual(SlackVerification.Valid, result);
    }

    [Theory]
    [InlineData(null, Signature)]
    [InlineData("", Signature)]
    [InlineData(Timestamp, null)]
    [InlineData(Timestamp, "")]
    public void Verify_MissingHeader_IsMissingHeaders(string? timestamp, string? signature) =>
        Assert.Equal(SlackVerification.MissingHeaders, Verify(timestamp: timestamp, signature: signature));

    [Theory]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=z2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50300")]
    [InlineData("v0=")]
    public void Verify_SignatureNotInSlacksFormat_IsMalformed(string signature) =>
        Assert.Equal(SlackVerification.Malformed, Verify(signature: signature));

    [Theory]
    [InlineData("abc")]
    [InlineData("1531420618.5")]
    [InlineData("-1531420618")]
    [InlineData(" 1531420618")]
    [InlineData("99999999999999999999999")]
    public void Verify_TimestampNotUnixSeconds_IsMalformed(string timestamp) =>
        Assert.Equal(SlackVerification.Malformed, Verify(timestamp: timestamp));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Verify_NoSecretConfigured_IsNoSecret(string? secret) => Assert.Equal(SlackVerification.NoSecret, Verify(secret: secret));
}
