using CohortBot.Teams;
using CohortBot.Turns;

namespace CohortBot.Channels.Teams;

internal static class TeamsConversations
{
    /// Where an activity happened, in the words features use: Teams' conversation type, or for
    /// clients that send none (the Emulator), its isGroup flag.
    public static ConversationKind Kind(this Activity activity) => activity.Conversation?.ConversationType switch
    {
        "channel" => ConversationKind.Channel,
        "groupChat" => ConversationKind.Group,
        _ => activity.Conversation?.IsGroup == true ? ConversationKind.Group : ConversationKind.Personal,
    };
}
