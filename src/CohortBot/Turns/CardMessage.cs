using System.Text.Json.Nodes;

namespace CohortBot.Turns;

/// A message with structure: a card from the catalogue by name, the data it is expanded with, and a
/// plain-text line for notifications, screen readers and clients that show no cards.
internal sealed record CardMessage(string Card, JsonObject Data, string Text)
{
    /// The card of an acknowledgement (<see cref="TurnResponse.Acknowledgement"/>): its text, and in
    /// <c>message</c> the id of the message acknowledged, for a channel that reacts to it instead.
    public const string AcknowledgeCard = "acknowledge";

    public static CardMessage Acknowledge(string text, string messageId) =>
        new(AcknowledgeCard, new JsonObject { ["text"] = text, ["message"] = messageId }, text);
}
