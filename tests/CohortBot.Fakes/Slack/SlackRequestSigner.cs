using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CohortBot.Fakes.Slack;

/// Builds signed inbound Slack requests (events, interactions, slash commands) the way Slack sends them, with its own HMAC
/// written from Slack's "verifying requests" page: <c>v0=</c> + hex(HMAC-SHA256(secret, <c>v0:{ts}:{body}</c>)).
public sealed class SlackRequestSigner(string signingSecret, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <c>v0=</c> + lowercase hex HMAC-SHA256 of <c>v0:{timestamp}:{body}</c>.
    public static string Sign(string secret, string timestamp, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var baseString = new byte[3 + timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes("v0:" + timestamp + ":").CopyTo(baseString, 0);
        body.CopyTo(baseString, 3 + timestamp.Length + 1);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), baseString);
        return "v0=" + Convert.ToHexString(mac).ToLowerInvariant();
    }

    /// The current Unix time in seconds, as Slack writes it.
    public string Now() => _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// A signed Events API request (<c>application/json</c>).
    public HttpRequestMessage Events(string path, JsonObject envelope, string? timestamp = null) =>
        Build(path, Encoding.UTF8.GetBytes(envelope.ToJsonString()), "application/json", timestamp);

    /// A signed interactivity request: form field <c>payload</c> = the JSON.
    public HttpRequestMessage Interaction(string path, JsonObject payload, string? timestamp = null) =>
        Build(path, Encoding.UTF8.GetBytes("payload=" + Uri.EscapeDataString(payload.ToJsonString())), "application/x-www-form-urlencoded", timestamp);

    /// A signed slash command request (form-encoded fields).
    public HttpRequestMessage Command(string path, IReadOnlyDictionary<string, string> fields, string? timestamp = null) =>
        Build(path, Encoding.UTF8.GetBytes(FormBody(fields)), "application/x-www-form-urlencoded", timestamp);

    /// A signed request with any body.
    public HttpRequestMessage Build(string path, byte[] body, string mediaType, string? timestamp = null)
    {
        var ts = timestamp ?? Now();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", Sign(signingSecret, ts, body));
        return request;
    }

    /// Form-encodes fields with percent-encoding, which every form reader accepts.
    public static string FormBody(IReadOnlyDictionary<string, string> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
}
