using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace CohortBot.Teams;

/// <summary>
/// The Bot Connector REST API (<c>{serviceUrl}v3/…</c>) for the calls a Teams bot needs. Every
/// call is refused before anything is sent unless its service URL is trusted
/// (<see cref="TrustedServiceUrls"/>), is paced below Teams' limits, carries the bot's token
/// when one is configured, and is retried on 429, 412, 502, 503 and 504. Failures throw
/// <see cref="ConnectorException"/>.
/// </summary>
public sealed class ConnectorClient
{
    internal const string HttpClientName = "CohortBot.Teams.Connector";
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly IConnectorTokenProvider _tokens;
    private readonly TrustedServiceUrls _trusted;

    internal ConnectorClient(HttpClient http, IConnectorTokenProvider tokens, TrustedServiceUrls trusted)
    {
        _http = http;
        _tokens = tokens;
        _trusted = trusted;
    }

    /// <summary>Posts an activity to a conversation (<c>POST v3/conversations/{conversationId}/activities</c>).</summary>
    /// <param name="serviceUrl">The conversation's trusted service URL.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="activity">The activity; its conversation or channel data tenant paces the call per tenant.</param>
    /// <param name="cancellationToken">Cancels the wait for a permit or the call.</param>
    /// <returns>The new activity's id.</returns>
    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        return SendAsync<ResourceResponse>(
            HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity,
            PaceKind.Send, new PaceKey(activity.TenantId() ?? string.Empty, conversationId), cancellationToken);
    }

    /// <summary>Replies to an activity (<c>POST v3/conversations/{conversationId}/activities/{activityId}</c>).</summary>
    /// <param name="serviceUrl">The conversation's trusted service URL.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="activityId">The activity answered.</param>
    /// <param name="activity">The reply; its conversation or channel data tenant paces the call per tenant.</param>
    /// <param name="cancellationToken">Cancels the wait for a permit or the call.</param>
    /// <returns>The reply's id.</returns>
    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        ActivityCallAsync(HttpMethod.Post, serviceUrl, conversationId, activityId, activity, cancellationToken);

    /// <summary>Replaces an activity, for example a card (<c>PUT v3/conversations/{conversationId}/activities/{activityId}</c>).</summary>
    /// <param name="serviceUrl">The conversation's trusted service URL.</param>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="activityId">The activity replaced.</param>
    /// <param name="activity">The new content; its conversation or channel data tenant paces the call per tenant.</param>
    /// <param name="cancellationToken">Cancels the wait for a permit or the call.</param>
    /// <returns>The activity's id, when the connector gives it.</returns>
    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        ActivityCallAsync(HttpMethod.Put, serviceUrl, conversationId, activityId, activity, cancellationToken);

    /// <summary>
    /// Opens a conversation (<c>POST v3/conversations</c>), for a proactive 1:1 chat build the
    /// parameters with <see cref="ConversationParameters.Personal"/>. The app must be installed for
    /// the user; a user who blocked the bot gives a <see cref="ConnectorException"/> with
    /// <see cref="ConnectorException.IsRecipientUnreachable"/>.
    /// </summary>
    /// <param name="serviceUrl">The tenant's trusted service URL.</param>
    /// <param name="parameters">The bot, the member and the tenant.</param>
    /// <param name="cancellationToken">Cancels the wait for a permit or the call.</param>
    /// <returns>The conversation's id.</returns>
    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var tenant = parameters.TenantId ?? parameters.ChannelData?.Tenant?.Id ?? string.Empty;
        // The thread being created is the chat with its first member: pace creations per member.
        var thread = "new:" + (parameters.Members is { Count: > 0 } members ? members[0].Id : null);
        return SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, PaceKind.Send, new PaceKey(tenant, thread), cancellationToken);
    }

    /// <summary>Reads one page of a conversation's members (<c>GET v3/conversations/{conversationId}/pagedmembers</c>).</summary>
    /// <param name="serviceUrl">The conversation's trusted service URL.</param>
    /// <param name="conversationId">The conversation (a team's id for its members).</param>
    /// <param name="pageSize">Members per page (Teams allows 50 to 500); null for the connector's default.</param>
    /// <param name="continuationToken">The previous page's token; null for the first page.</param>
    /// <param name="tenantId">The conversation's tenant, to pace the call per tenant.</param>
    /// <param name="cancellationToken">Cancels the wait for a permit or the call.</param>
    public Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int? pageSize = null, string? continuationToken = null, string? tenantId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/pagedmembers";
        var query = new List<string>(2);
        if (pageSize is { } size)
            query.Add("pageSize=" + size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(continuationToken))
            query.Add("continuationToken=" + Uri.EscapeDataString(continuationToken));
        if (query.Count > 0)
            path += "?" + string.Join('&', query);
        return SendAsync<PagedMembersResult>(HttpMethod.Get, serviceUrl, path, null, PaceKind.Members, new PaceKey(tenantId ?? string.Empty, conversationId), cancellationToken);
    }

    /// <summary>All members of a conversation, page after page, following continuation tokens.</summary>
    /// <param name="serviceUrl">The conversation's trusted service URL.</param>
    /// <param name="conversationId">The conversation (a team's id for its members).</param>
    /// <param name="pageSize">Members per page (Teams allows 50 to 500); null for the connector's default.</param>
    /// <param name="tenantId">The conversation's tenant, to pace the calls per tenant.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    public async IAsyncEnumerable<TeamsChannelAccount> GetAllMembersAsync(string serviceUrl, string conversationId, int? pageSize = null, string? tenantId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuationToken = null;
        do
        {
            var page = await GetPagedMembersAsync(serviceUrl, conversationId, pageSize, continuationToken, tenantId, cancellationToken).ConfigureAwait(false);
            foreach (var member in page.Members)
                yield return member;
            continuationToken = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuationToken));
    }

    private Task<ResourceResponse> ActivityCallAsync(HttpMethod method, string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        return SendAsync<ResourceResponse>(
            method, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity,
            PaceKind.Send, new PaceKey(activity.TenantId() ?? string.Empty, conversationId), cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string serviceUrl, string path, object? body, PaceKind kind, PaceKey key, CancellationToken cancellationToken)
        where T : class, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);
        // Checked before pacing, token or connection: an untrusted host must never see the bot's token.
        if (!_trusted.IsTrusted(serviceUrl))
            throw new InvalidOperationException("The service URL is not trusted; trust it after authenticating an activity or from configuration.");
        var uri = new Uri(serviceUrl.EndsWith('/') ? serviceUrl + path : serviceUrl + "/" + path, UriKind.Absolute);

        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);

        using var request = new HttpRequestMessage(method, uri);
        request.Options.Set(ConnectorPacingHandler.Ticket, (kind, key));
        if (!string.IsNullOrEmpty(token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            // Bytes, not a stream: the retry handler may send the same content again.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), BotFrameworkJson.Options));
            request.Content.Headers.ContentType = JsonMediaType;
        }

        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw await ReadFailureAsync(response, cancellationToken).ConfigureAwait(false);

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length == 0)
            return new T();
        return JsonSerializer.Deserialize<T>(bytes, BotFrameworkJson.Options) ?? new T();
    }

    private static async Task<ConnectorException> ReadFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? code = null;
        string? message = null;
        var correlationId = response.Headers.TryGetValues("X-Correlating-OperationId", out var values) ? values.FirstOrDefault() : null;
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (bytes.Length > 0)
            {
                using var document = JsonDocument.Parse(bytes);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error)
                    && error.ValueKind == JsonValueKind.Object)
                {
                    code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // A body that is not the connector's error shape leaves the code unknown; the status still tells.
        }

        return new ConnectorException(response.StatusCode, code, message, correlationId);
    }
}
