using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Teams;

/// <summary>The body of <c>POST v3/conversations</c>, which opens a conversation (a proactive 1:1 chat).</summary>
public sealed record ConversationParameters
{
    /// <summary>The bot (<c>28:&lt;appId&gt;</c> in Teams).</summary>
    public ChannelAccount? Bot { get; init; }

    /// <summary>The members; for a 1:1 chat, the one user (by Teams id or Entra object id).</summary>
    public IReadOnlyList<ChannelAccount>? Members { get; init; }

    /// <summary>Whether it is a group conversation; false for a 1:1 chat.</summary>
    public bool IsGroup { get; init; }

    /// <summary>The tenant of the conversation.</summary>
    public string? TenantId { get; init; }

    /// <summary>The topic of a group conversation.</summary>
    public string? TopicName { get; init; }

    /// <summary>An activity to post when the conversation opens.</summary>
    public Activity? Activity { get; init; }

    /// <summary>Teams' channel data; carries the tenant again.</summary>
    public TeamsChannelData? ChannelData { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }

    /// <summary>
    /// The parameters of a 1:1 chat between the bot and one user, in the shape Teams expects:
    /// <c>{"bot":{"id":botId},"members":[{"id":userId}],"isGroup":false,"tenantId":tenantId,"channelData":{"tenant":{"id":tenantId}}}</c>.
    /// </summary>
    /// <param name="botId">The bot's id in Teams (<c>28:&lt;appId&gt;</c>, the recipient id of inbound activities).</param>
    /// <param name="userId">The user's Teams id (<c>29:…</c>) or Entra object id; e-mail addresses cannot address a user.</param>
    /// <param name="tenantId">The user's tenant.</param>
    public static ConversationParameters Personal(string botId, string userId, string tenantId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(botId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return new ConversationParameters
        {
            Bot = new ChannelAccount { Id = botId },
            Members = [new ChannelAccount { Id = userId }],
            IsGroup = false,
            TenantId = tenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = tenantId } },
        };
    }
}

/// <summary>The answer to <c>POST v3/conversations</c>.</summary>
public sealed record ConversationResourceResponse
{
    /// <summary>The conversation id.</summary>
    public string? Id { get; init; }

    /// <summary>The id of the activity posted with the parameters, if any.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The service URL to use for the conversation, if it differs.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>The answer to sending, replying or updating: the activity's id.</summary>
public sealed record ResourceResponse
{
    /// <summary>The activity id (may be absent on updates).</summary>
    public string? Id { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
