using CohortBot.Channels.Slack;
using CohortBot.Outbox;
using CohortBot.Turns;

namespace CohortBot.Channels;

/// Conversations a roster names by a platform's id (a cohort's <c>slackChannel</c>), as the channels address them.
internal static class ChannelAddresses
{
    public static ConversationRef SlackChannel(string channelId) => new(Platform.Slack, new SlackAddress(channelId).Serialize());

    /// Whether <paramref name="id"/> has the form of a Slack channel id: C (public) or G (private)
    /// and upper-case letters and digits, like C0123ABCD.
    public static bool IsSlackChannelId(string id) =>
        id.Length > 0 && id[0] is 'C' or 'G' && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}
