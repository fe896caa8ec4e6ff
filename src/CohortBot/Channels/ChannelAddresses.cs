using CohortBot.Channels.Slack;
using CohortBot.Outbox;
using CohortBot.Turns;

namespace CohortBot.Channels;

/// Conversations a roster names by a platform's id (a cohort's <c>slackChannel</c>), as the channels address them.
internal static class ChannelAddresses
{
    public static ConversationRef SlackChannel(string channelId) => new(Platform.Slack, new SlackAddress(channelId).Serialize());
}
