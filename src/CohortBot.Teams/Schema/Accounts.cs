using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Teams;

/// <summary>A user or bot in a conversation.</summary>
public sealed record ChannelAccount
{
    /// <summary>The channel's id for the account (<c>29:…</c> for users, <c>28:…</c> for bots in Teams).</summary>
    public string? Id { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>The Microsoft Entra object id of a user.</summary>
    public string? AadObjectId { get; init; }

    /// <summary><c>user</c> or <c>bot</c>.</summary>
    public string? Role { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>A conversation: a 1:1 chat, a group chat or a channel thread.</summary>
public sealed record ConversationAccount
{
    /// <summary>The conversation id (opaque).</summary>
    public string? Id { get; init; }

    /// <summary>The conversation's name, when it has one.</summary>
    public string? Name { get; init; }

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; init; }

    /// <summary>The Microsoft Entra tenant of the conversation.</summary>
    public string? TenantId { get; init; }

    /// <summary>Whether it has more than two members.</summary>
    public bool? IsGroup { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>A member of a conversation as the paged member list returns it.</summary>
public sealed record TeamsChannelAccount
{
    /// <summary>The member's Teams id (<c>29:…</c>).</summary>
    public string? Id { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>The Microsoft Entra object id (JSON <c>aadObjectId</c>, or <c>objectId</c> on reading).</summary>
    public string? AadObjectId { get; init; }

    // The member list names it objectId, activities aadObjectId; both land in AadObjectId and it is written once.
    [JsonInclude, JsonPropertyName("objectId")]
    private string? ObjectId
    {
        get => null;
        init => AadObjectId ??= value;
    }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>The user principal name.</summary>
    public string? UserPrincipalName { get; init; }

    /// <summary>The member's tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary><c>user</c>, <c>guest</c> or <c>anonymous</c>.</summary>
    public string? UserRole { get; init; }

    /// <summary>The given name.</summary>
    public string? GivenName { get; init; }

    /// <summary>The surname.</summary>
    public string? Surname { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>One page of a conversation's members.</summary>
public sealed record PagedMembersResult
{
    /// <summary>The token for the next page; null on the last page.</summary>
    public string? ContinuationToken { get; init; }

    /// <summary>The members of this page.</summary>
    public IReadOnlyList<TeamsChannelAccount> Members { get; init; } = [];

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
