using CohortBot.Outbox;

namespace CohortBot.Turns;

/// Where a message goes, in a channel's own words (a Teams conversation and service URL, a Slack
/// channel and thread). Channels write it; features and the outbox only pass it along.
internal sealed record ConversationRef(Platform Platform, string Address);

/// A message that is already there (the card someone pressed): where it is and the platform's id for it.
internal sealed record MessageRef(ConversationRef Conversation, string MessageId);
