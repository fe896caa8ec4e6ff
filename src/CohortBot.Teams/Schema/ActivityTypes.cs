namespace CohortBot.Teams;

/// <summary>Values of <see cref="Activity.Type"/>.</summary>
public static class ActivityTypes
{
    /// <summary>A message: text, attachments, or the data of an <c>Action.Submit</c>.</summary>
    public const string Message = "message";

    /// <summary>A request answered in the HTTP response (for example <c>adaptiveCard/action</c>).</summary>
    public const string Invoke = "invoke";

    /// <summary>Members added or removed, or a team or channel changed.</summary>
    public const string ConversationUpdate = "conversationUpdate";

    /// <summary>The app was installed or uninstalled (<see cref="Activity.Action"/> add or remove).</summary>
    public const string InstallationUpdate = "installationUpdate";

    /// <summary>The user is typing.</summary>
    public const string Typing = "typing";

    /// <summary>A named event.</summary>
    public const string Event = "event";

    /// <summary>Reactions added to or removed from a message.</summary>
    public const string MessageReaction = "messageReaction";

    /// <summary>A message was edited.</summary>
    public const string MessageUpdate = "messageUpdate";

    /// <summary>A message was deleted.</summary>
    public const string MessageDelete = "messageDelete";
}

/// <summary>Content types the bot sends or receives.</summary>
public static class ContentTypes
{
    /// <summary>An Adaptive Card attachment, or the card value of an invoke response.</summary>
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";

    /// <summary>A text message as the value of an invoke response.</summary>
    public const string ActivityMessage = "application/vnd.microsoft.activity.message";

    /// <summary>An error as the value of an invoke response.</summary>
    public const string Error = "application/vnd.microsoft.error";
}

/// <summary>Values of <see cref="Activity.Name"/> for invokes.</summary>
public static class InvokeNames
{
    /// <summary>An Adaptive Card <c>Action.Execute</c>, or a card's automatic refresh.</summary>
    public const string AdaptiveCardAction = "adaptiveCard/action";
}
