using System.Text.Json.Nodes;

namespace CohortBot.Cards.BlockKit;

/// <summary>
/// An Adaptive Card rendered for Slack: what to pass to <c>chat.postMessage</c> (and, for cards with inputs, <c>views.open</c>).
/// </summary>
/// <param name="Text">
/// The top-level plain-text fallback Slack requires for notifications and screen readers, built from the card's text.
/// </param>
/// <param name="Blocks">The first message's blocks (at most 50).</param>
/// <param name="FollowUps">
/// The blocks of further messages to post after the first, in order, when the card needs more than 50 blocks (each at most 50).
/// </param>
/// <param name="Modal">
/// For a card with inputs, the complete modal <c>view</c> to open when the message's
/// <see cref="BlockKitRenderer.OpenModalActionId"/> button is pressed; <see langword="null"/> for a card without inputs.
/// </param>
public sealed record BlockKitMessage(string Text, JsonArray Blocks, IReadOnlyList<JsonArray> FollowUps, JsonObject? Modal);
