using System.Text.Json;
using System.Text.Json.Serialization;

namespace CohortBot.Teams;

/// <summary>The <c>channelData</c> Teams adds to activities.</summary>
public sealed record TeamsChannelData
{
    /// <summary>The tenant.</summary>
    public TenantInfo? Tenant { get; init; }

    /// <summary>The team, for channel conversations.</summary>
    public TeamInfo? Team { get; init; }

    /// <summary>The channel, for channel conversations.</summary>
    public ChannelInfo? Channel { get; init; }

    /// <summary>What happened, on <c>conversationUpdate</c> (for example <c>teamMemberAdded</c>).</summary>
    public string? EventType { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>A Microsoft Entra tenant.</summary>
public sealed record TenantInfo
{
    /// <summary>The tenant id.</summary>
    public string? Id { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>A team.</summary>
public sealed record TeamInfo
{
    /// <summary>The team id.</summary>
    public string? Id { get; init; }

    /// <summary>The team name.</summary>
    public string? Name { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}

/// <summary>A channel of a team.</summary>
public sealed record ChannelInfo
{
    /// <summary>The channel id.</summary>
    public string? Id { get; init; }

    /// <summary>The channel name.</summary>
    public string? Name { get; init; }

    /// <summary>Properties this record does not model, kept so they survive a round trip.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
