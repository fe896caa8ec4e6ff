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

    /// <summary>The activity's tenant: <c>conversation.tenantId</c>, else <c>channelData.tenant.id</c>.</summary>
    /// <param name="activity">The activity.</param>
    public static string? TenantId(this Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return !string.IsNullOrEmpty(activity.Conversation?.TenantId) ? activity.Conversation.TenantId : activity.ChannelData?.Tenant?.Id;
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
