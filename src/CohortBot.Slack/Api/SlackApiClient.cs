using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace CohortBot.Slack;

/// <summary>
/// The Slack Web API: <c>POST {Slack:ApiBaseUrl}{method}</c> with the bot token, paced per method under Slack's tiers, retried on
/// 429 (after <c>Retry-After</c>), 5xx and timeouts. An answer with <c>ok:false</c> throws <see cref="SlackApiException"/>.
/// </summary>
public sealed class SlackApiClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");

    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal SlackApiClient(HttpClient http, SlackOptions options, TimeProvider timeProvider, ILogger<SlackApiClient> logger)
    {
        _http = http;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary><c>chat.postMessage</c>: posts a message; with a user id as <paramref name="channel"/>, to that user's DM with the app.</summary>
    /// <param name="channel">A conversation id, or a user id for their DM.</param>
    /// <param name="text">The text; with blocks, the fallback shown in notifications and read by screen readers.</param>
    /// <param name="blocks">Block Kit blocks (at most 50), or <see langword="null"/>.</param>
    /// <param name="threadTs">The parent message's timestamp to reply in its thread, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call, including its wait for a permit.</param>
    /// <returns>Where the message was posted and its timestamp.</returns>
    public async Task<SlackMessageRef> PostMessageAsync(
        string channel, string text, JsonArray? blocks = null, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(text);
        var body = new JsonObject { ["channel"] = channel, ["text"] = text };
        AddBlocks(body, blocks);
        if (threadTs is not null)
            body["thread_ts"] = threadTs;
        var answer = await CallAsync(SlackApiMethods.PostMessage, body, channel, cancellationToken).ConfigureAwait(false);
        return new SlackMessageRef(Str(answer, "channel") ?? channel, Required(answer, "ts", SlackApiMethods.PostMessage));
    }

    /// <summary><c>chat.update</c>: replaces a message the bot posted.</summary>
    /// <param name="channel">The message's conversation id (as returned when it was posted).</param>
    /// <param name="ts">The message's timestamp.</param>
    /// <param name="text">The new text (the fallback of the blocks).</param>
    /// <param name="blocks">The new blocks, or <see langword="null"/> to keep text only.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updated message.</returns>
    public async Task<SlackMessageRef> UpdateMessageAsync(
        string channel, string ts, string text, JsonArray? blocks = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(ts);
        ArgumentNullException.ThrowIfNull(text);
        var body = new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = text };
        AddBlocks(body, blocks);
        var answer = await CallAsync(SlackApiMethods.Update, body, channel, cancellationToken).ConfigureAwait(false);
        return new SlackMessageRef(Str(answer, "channel") ?? channel, Str(answer, "ts") ?? ts);
    }

    /// <summary><c>chat.postEphemeral</c>: posts a message only <paramref name="user"/> sees, in a conversation they are in.</summary>
    /// <param name="channel">The conversation id.</param>
    /// <param name="user">The user who sees the message.</param>
    /// <param name="text">The text (the fallback of the blocks).</param>
    /// <param name="blocks">Block Kit blocks, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The ephemeral message's timestamp.</returns>
    public async Task<string?> PostEphemeralAsync(
        string channel, string user, string text, JsonArray? blocks = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentNullException.ThrowIfNull(text);
        var body = new JsonObject { ["channel"] = channel, ["user"] = user, ["text"] = text };
        AddBlocks(body, blocks);
        var answer = await CallAsync(SlackApiMethods.PostEphemeral, body, channel, cancellationToken).ConfigureAwait(false);
        return Str(answer, "message_ts");
    }

    /// <summary><c>views.open</c>: opens a modal. Call it first: the trigger id is single use and expires 3 seconds after the click.</summary>
    /// <param name="triggerId">The interaction's or command's trigger id.</param>
    /// <param name="view">The modal view (<c>type</c> <c>modal</c>, <c>title</c>, <c>blocks</c>...).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The opened view.</returns>
    public async Task<SlackView> OpenViewAsync(string triggerId, JsonObject view, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(triggerId);
        ArgumentNullException.ThrowIfNull(view);
        var body = new JsonObject { ["trigger_id"] = triggerId, ["view"] = view.DeepClone() };
        var answer = await CallAsync(SlackApiMethods.ViewsOpen, body, null, cancellationToken).ConfigureAwait(false);
        return Read<SlackView>(answer, "view", SlackApiMethods.ViewsOpen);
    }

    /// <summary><c>views.publish</c>: publishes a user's Home tab.</summary>
    /// <param name="userId">The user whose Home tab it is.</param>
    /// <param name="view">The Home view (<c>type</c> <c>home</c>, <c>blocks</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The published view.</returns>
    public async Task<SlackView> PublishViewAsync(string userId, JsonObject view, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(view);
        var body = new JsonObject { ["user_id"] = userId, ["view"] = view.DeepClone() };
        var answer = await CallAsync(SlackApiMethods.ViewsPublish, body, null, cancellationToken).ConfigureAwait(false);
        return Read<SlackView>(answer, "view", SlackApiMethods.ViewsPublish);
    }

    /// <summary><c>users.info</c>: a user's account and profile.</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user.</returns>
    public async Task<SlackUser> GetUserInfoAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var answer = await CallAsync(SlackApiMethods.UsersInfo, Form(("user", userId)), null, cancellationToken).ConfigureAwait(false);
        return Read<SlackUser>(answer, "user", SlackApiMethods.UsersInfo);
    }

    /// <summary><c>users.lookupByEmail</c>: the user with this e-mail address.</summary>
    /// <param name="email">The e-mail address.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user, or <see langword="null"/> when no user has that address (<c>users_not_found</c>).</returns>
    public async Task<SlackUser?> LookupUserByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(email);
        var answer = await CallAsync(
            SlackApiMethods.UsersLookupByEmail, Form(("email", email)), null, cancellationToken, tolerated: "users_not_found").ConfigureAwait(false);
        return answer is null ? null : Read<SlackUser>(answer, "user", SlackApiMethods.UsersLookupByEmail);
    }

    /// <summary><c>conversations.members</c>: every member of a conversation, all pages.</summary>
    /// <param name="channel">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The member user ids.</returns>
    public async Task<IReadOnlyList<string>> GetConversationMembersAsync(string channel, CancellationToken cancellationToken = default)
    {
        var members = new List<string>();
        await foreach (var member in EnumerateConversationMembersAsync(channel, cancellationToken: cancellationToken).ConfigureAwait(false))
            members.Add(member);
        return members;
    }

    /// <summary><c>conversations.members</c>: a conversation's members, page by page (following <c>response_metadata.next_cursor</c>).</summary>
    /// <param name="channel">The conversation id.</param>
    /// <param name="pageSize">Members asked for per call (Slack recommends at most 200).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The member user ids.</returns>
    public async IAsyncEnumerable<string> EnumerateConversationMembersAsync(
        string channel, int pageSize = 200, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await foreach (var page in PagesAsync(SlackApiMethods.ConversationsMembers, "members", pageSize, [("channel", channel)], cancellationToken).ConfigureAwait(false))
        {
            foreach (var member in page)
            {
                if (member is JsonValue value && value.TryGetValue<string>(out var id) && id.Length > 0)
                    yield return id;
            }
        }
    }

    /// <summary>
    /// <c>users.list</c>: every account of the workspace, 200 per call, following <c>response_metadata.next_cursor</c>. Tier 2
    /// (about 20 calls a minute): a workspace of 10,000 people takes 50 calls, two to three minutes. The list includes
    /// deactivated accounts (<see cref="SlackUser.Deleted"/>), bots and apps (<see cref="SlackUser.IsBot"/>; Slackbot,
    /// <c>USLACKBOT</c>, is not marked as a bot) and guests (<see cref="SlackUser.IsRestricted"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The users, in the order Slack lists them.</returns>
    public IAsyncEnumerable<SlackUser> EnumerateUsersAsync(CancellationToken cancellationToken = default) =>
        EnumerateUsersAsync(200, cancellationToken);

    /// <summary><c>users.list</c> with a chosen page size (see <see cref="EnumerateUsersAsync(CancellationToken)"/>).</summary>
    /// <param name="pageSize">Users asked for per call; Slack recommends at most 200 and may answer fewer.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The users, in the order Slack lists them.</returns>
    public async IAsyncEnumerable<SlackUser> EnumerateUsersAsync(int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await foreach (var page in PagesAsync(SlackApiMethods.UsersList, "members", pageSize, [], cancellationToken).ConfigureAwait(false))
        {
            foreach (var member in page)
            {
                var user = member is JsonObject obj ? Deserialize<SlackUser>(obj, SlackApiMethods.UsersList) : null;
                if (user is not { Id.Length: > 0 })
                    throw new SlackApiException(SlackApiMethods.UsersList, "invalid_response");
                yield return user;
            }
        }
    }

    /// <summary><c>conversations.info</c>: a conversation's kind, name and state.</summary>
    /// <param name="channel">The conversation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The conversation.</returns>
    public async Task<SlackConversation> GetConversationInfoAsync(string channel, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        var answer = await CallAsync(SlackApiMethods.ConversationsInfo, Form(("channel", channel)), null, cancellationToken).ConfigureAwait(false);
        return Read<SlackConversation>(answer, "channel", SlackApiMethods.ConversationsInfo);
    }

    /// <summary><c>reactions.add</c>: adds an emoji reaction to a message; a reaction already there is not an error.</summary>
    /// <param name="channel">The message's conversation id.</param>
    /// <param name="ts">The message's timestamp.</param>
    /// <param name="name">The emoji's name without colons, such as <c>white_check_mark</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the reaction is there.</returns>
    public async Task AddReactionAsync(string channel, string ts, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(ts);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var body = new JsonObject { ["channel"] = channel, ["timestamp"] = ts, ["name"] = name.Trim(':') };
        await CallAsync(SlackApiMethods.ReactionsAdd, body, channel, cancellationToken, tolerated: "already_reacted").ConfigureAwait(false);
    }

    /// <summary>Calls a method; returns its answer, or <see langword="null"/> when it answered the <paramref name="tolerated"/> error.</summary>
    private async Task<JsonObject?> CallAsync(string method, object arguments, string? channel, CancellationToken cancellationToken, string? tolerated = null)
    {
        var entry = SlackApiMethods.Get(method);
        var token = _options.BotToken;
        if (string.IsNullOrEmpty(token))
            throw new InvalidOperationException("Slack:BotToken is not configured; the Web API cannot be called.");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(method, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (channel is not null)
            request.Options.Set(SlackPacingHandler.Channel, channel);
        if (arguments is JsonObject json)
        {
            if (!entry.AcceptsJson)
                throw new InvalidOperationException($"Slack {method} does not take a JSON body.");
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(json, SlackJson.Options));
            request.Content.Headers.ContentType = JsonContentType;
        }
        else
        {
            request.Content = new FormUrlEncodedContent((IEnumerable<KeyValuePair<string, string>>)arguments);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            Log.HttpFailed(_logger, method, response.StatusCode);
            throw new SlackApiException(method, $"http_{(int)response.StatusCode}", response.StatusCode);
        }

        JsonObject? answer;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
                answer = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            answer = null;
        }
        if (answer is null)
            throw new SlackApiException(method, "invalid_response", response.StatusCode);

        if (answer["ok"] is JsonValue ok && ok.TryGetValue<bool>(out var isOk) && isOk)
            return answer;
        var error = Str(answer, "error") ?? "unknown_error";
        if (string.Equals(error, tolerated, StringComparison.Ordinal))
            return null;
        Log.NotOk(_logger, method, error);
        throw new SlackApiException(method, error, response.StatusCode);
    }

    /// <summary>
    /// The <paramref name="listName"/> array of each page of a cursor-paged read method, following <c>response_metadata.next_cursor</c>
    /// until it is empty. A cursor answered twice in a row would loop for ever: it fails the enumeration instead.
    /// </summary>
    private async IAsyncEnumerable<JsonArray> PagesAsync(
        string method, string listName, int pageSize, (string Name, string Value)[] fields, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limit = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string? cursor = null;
        do
        {
            (string, string)[] page = cursor is null ? [.. fields, ("limit", limit)] : [.. fields, ("limit", limit), ("cursor", cursor)];
            var answer = await CallAsync(method, Form(page), null, cancellationToken).ConfigureAwait(false);
            if (answer?[listName] is JsonArray list)
                yield return list;
            var next = Str(answer?["response_metadata"], "next_cursor");
            if (!string.IsNullOrEmpty(next) && string.Equals(next, cursor, StringComparison.Ordinal))
                throw new SlackApiException(method, "repeated_cursor");
            cursor = next;
        }
        while (!string.IsNullOrEmpty(cursor));
    }

    private static void AddBlocks(JsonObject body, JsonArray? blocks)
    {
        if (blocks is not null)
            body["blocks"] = blocks.DeepClone();
    }

    private static List<KeyValuePair<string, string>> Form(params (string Name, string Value)[] fields) =>
        [.. fields.Select(f => KeyValuePair.Create(f.Name, f.Value))];

    private static string? Str(JsonNode? node, string name) =>
        node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Required(JsonObject? answer, string name, string method) =>
        Str(answer, name) ?? throw new SlackApiException(method, $"missing_{name}");

    private static T Read<T>(JsonObject? answer, string name, string method)
        where T : class =>
        answer?[name] is JsonObject obj ? Deserialize<T>(obj, method) : throw new SlackApiException(method, $"missing_{name}");

    // An answer of the wrong shape is Slack's failure to honour its contract: report it as the call's failure, not a JsonException.
    private static T Deserialize<T>(JsonObject obj, string method)
        where T : class
    {
        try
        {
            return obj.Deserialize<T>(SlackJson.Options) ?? throw new SlackApiException(method, "invalid_response");
        }
        catch (JsonException failure)
        {
            throw new SlackApiException(method, "invalid_response", null, failure);
        }
    }
}
