namespace CohortBot.Teams;

/// <summary>Helpers for reading and answering activities.</summary>
public static class ActivityExtensions
{
    /// <summary>
    /// The message text without the bot's own <c>&lt;at&gt;</c> mention (channels and group chats
    /// mention the bot to address it), trimmed. The mention text comes from the <c>mention</c>
    /// entities whose <c>mentioned.id</c> is <paramref name="botId"/>; other mentions are kept.
    /// </summary>
    /// <param name="activity">The activity.</param>
    /// <param name="botId">The bot's id in the channel (the activity's recipient id).</param>
    public static string TextWithoutMention(this Activity activity, string botId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = activity.Text ?? string.Empty;
        if (activity.Entities is { Count: > 0 } entities && !string.IsNullOrEmpty(botId))
        {
            foreach (var entity in entities)
            {
                if (string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase)
                    && string.Equals(entity.Mentioned?.Id, botId, StringComparison.OrdinalIgnoreCase)
                    && !string.IsNullOrEmpty(entity.Text))
                {
                    text = text.Replace(entity.Text, string.Empty, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        return text.Trim();
    }

    /// <summary>
    /// The activity's tenant: <c>conversation.tenantId</c>, else (when that is absent or empty) <c>channelData.tenant.id</c>.
    /// Refuse an activity for which <see cref="HasConflictingTenantIds"/> is true before trusting this.
    /// </summary>
    /// <param name="activity">The activity.</param>
    public static string? TenantId(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return !string.IsNullOrEmpty(activity.Conversation?.TenantId) ? activity.Conversation.TenantId : activity.ChannelData?.Tenant?.Id;
    }

    /// <summary>
    /// Whether the activity names two different tenants: <c>conversation.tenantId</c> and <c>channelData.tenant.id</c> are both
    /// present and differ (ignoring case, as Microsoft Entra tenant ids are compared). One of them absent is no conflict; an empty
    /// one beside a tenant id is. Teams sends both with the same value; an activity whose two fields disagree cannot be placed in a
    /// tenant and should be refused.
    /// </summary>
    /// <param name="activity">The activity.</param>
    public static bool HasConflictingTenantIds(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Conversation?.TenantId is { } conversationTenant
            && activity.ChannelData?.Tenant?.Id is { } channelDataTenant
            && !string.Equals(conversationTenant, channelDataTenant, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A message answering <paramref name="activity"/>: sender and recipient swapped; the same
    /// conversation, service URL, channel and locale; <c>replyToId</c> set to the activity's id.
    /// </summary>
    /// <param name="activity">The activity to answer.</param>
    /// <param name="text">The reply's text, if any.</param>
    public static Activity CreateReply(this Activity activity, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new Activity
        {
            Type = ActivityTypes.Message,
            From = activity.Recipient,
            Recipient = activity.From,
            Conversation = activity.Conversation,
            ServiceUrl = activity.ServiceUrl,
            ChannelId = activity.ChannelId,
            Locale = activity.Locale,
            ReplyToId = activity.Id,
            Text = text,
        };
    }
}
