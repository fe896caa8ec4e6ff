using System.Collections.Frozen;

namespace CohortBot.Slack;

/// <summary>A Web API method the client calls: its rate-limit tier, the bot scopes it needs, and how its arguments are sent.</summary>
/// <param name="Name">The method, such as <c>chat.postMessage</c>.</param>
/// <param name="Tier">Its rate-limit tier.</param>
/// <param name="Scopes">The bot token scopes it needs for the conversations this library serves (public and private channels, DMs).</param>
/// <param name="AcceptsJson">Whether it takes a JSON body; read methods take form fields.</param>
internal sealed record SlackApiMethod(string Name, SlackTier Tier, IReadOnlyList<string> Scopes, bool AcceptsJson);

/// <summary>
/// The one table of the Web API methods and events this library uses, with their tiers and scopes from Slack's method and event
/// reference pages. The client refuses to call a method missing here, and the manifest's scopes are checked against it.
/// </summary>
internal static class SlackApiMethods
{
    public const string PostMessage = "chat.postMessage";
    public const string Update = "chat.update";
    public const string PostEphemeral = "chat.postEphemeral";
    public const string ViewsOpen = "views.open";
    public const string ViewsPublish = "views.publish";
    public const string UsersInfo = "users.info";
    public const string UsersLookupByEmail = "users.lookupByEmail";
    public const string UsersList = "users.list";
    public const string ConversationsMembers = "conversations.members";
    public const string ConversationsInfo = "conversations.info";
    public const string ReactionsAdd = "reactions.add";

    // conversations.* need the read scope of each kind of conversation asked about: channels (public), groups (private), im (DMs).
    private static readonly string[] ConversationRead = ["channels:read", "groups:read", "im:read"];

    public static FrozenDictionary<string, SlackApiMethod> All { get; } = new SlackApiMethod[]
    {
        new(PostMessage, SlackTier.PostMessage, ["chat:write"], AcceptsJson: true),
        new(Update, SlackTier.Tier3, ["chat:write"], AcceptsJson: true),
        new(PostEphemeral, SlackTier.Tier4, ["chat:write"], AcceptsJson: true),
        new(ViewsOpen, SlackTier.Tier4, [], AcceptsJson: true),
        new(ViewsPublish, SlackTier.Tier4, [], AcceptsJson: true),
        new(UsersInfo, SlackTier.Tier4, ["users:read"], AcceptsJson: false),
        new(UsersLookupByEmail, SlackTier.Tier3, ["users:read.email"], AcceptsJson: false),
        // users:read lists the members; users:read.email adds profile.email, which linking the roster needs.
        new(UsersList, SlackTier.Tier2, ["users:read", "users:read.email"], AcceptsJson: false),
        new(ConversationsMembers, SlackTier.Tier4, ConversationRead, AcceptsJson: false),
        new(ConversationsInfo, SlackTier.Tier3, ConversationRead, AcceptsJson: false),
        new(ReactionsAdd, SlackTier.Tier3, ["reactions:write"], AcceptsJson: true),
    }.ToFrozenDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>The bot events the app subscribes to and the scope each needs (<c>app_home_opened</c> needs none).</summary>
    public static FrozenDictionary<string, string[]> Events { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["message.channels"] = ["channels:history"],
        ["message.groups"] = ["groups:history"],
        ["message.im"] = ["im:history"],
        ["app_mention"] = ["app_mentions:read"],
        ["app_home_opened"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The scope slash commands need.</summary>
    public const string CommandsScope = "commands";

    public static SlackApiMethod Get(string method) =>
        All.TryGetValue(method, out var entry)
            ? entry
            : throw new InvalidOperationException($"The Slack method {method} is not in the method table (tier and scopes unknown).");
}
