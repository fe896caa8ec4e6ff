using CohortBot.Outbox;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Channels;

/// A group chat, team channel or Slack channel the bot is in, remembered so it can post there later
/// (summaries for coaches, resources from a channel). 1:1 chats are remembered on the member.
internal sealed class Conversation
{
    public int Id { get; set; }
    public Platform Platform { get; set; }

    /// The platform's conversation or channel id.
    public required string ExternalId { get; set; }

    public ConversationKind Kind { get; set; }

    /// Teams: the tenant. Slack: the workspace (team id).
    public string? TenantId { get; set; }

    /// Teams: the team the channel belongs to.
    public string? TeamId { get; set; }

    /// Teams: the Bot Connector service URL to reach it.
    public string? ServiceUrl { get; set; }

    public string? Name { get; set; }
    public DateTimeOffset AddedAt { get; set; }

    /// Set when the bot was removed; the row stays for the history of what was posted there.
    public DateTimeOffset? RemovedAt { get; set; }
}

internal sealed class ConversationMapping : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.Property(c => c.ExternalId).HasMaxLength(500);
        conversation.HasIndex(c => new { c.Platform, c.ExternalId }).IsUnique();
        conversation.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        conversation.Property(c => c.TenantId).HasMaxLength(100);
        conversation.Property(c => c.TeamId).HasMaxLength(500);
        conversation.Property(c => c.ServiceUrl).HasMaxLength(500);
        conversation.Property(c => c.Name).HasMaxLength(300);
    }
}
