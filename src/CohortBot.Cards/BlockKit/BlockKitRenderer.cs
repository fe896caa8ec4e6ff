using System.Text.Json.Nodes;

namespace CohortBot.Cards.BlockKit;

/// <summary>
/// Renders an expanded Adaptive Card (schema 1.5) as Slack Block Kit, enforcing Slack's published limits.
/// </summary>
/// <remarks>
/// <para>
/// A card without inputs renders inline. Slack shows <c>input</c> blocks only in modals, so a card with inputs renders as a
/// message holding its non-input content and one button (action id <see cref="OpenModalActionId"/>) that should open
/// <see cref="BlockKitMessage.Modal"/>; the modal's <c>private_metadata</c> carries what
/// <see cref="BlockKitInputs.ToData"/> needs to rebuild the data Teams would send. When the modal cannot hold the whole
/// card, it keeps every input and button and drops content from the end, which the message still shows.
/// </para>
/// <para>
/// Action.Submit and Action.Execute become buttons whose value is <c>{"verb":…,"data":{…}}</c>; Action.OpenUrl becomes a link
/// button. Action.ShowCard and Action.ToggleVisibility have no Block Kit equivalent and are skipped, as are hidden elements,
/// unknown element types and images Slack cannot fetch (no http(s) URL). Text is cut at a word boundary with an ellipsis
/// to fit each limit.
/// </para>
/// </remarks>
public static class BlockKitRenderer
{
    /// <summary>The action id of the button that opens the modal of a card with inputs.</summary>
    public const string OpenModalActionId = "open_modal";

    /// <summary>Renders <paramref name="card"/> (an already expanded Adaptive Card) as Slack Block Kit.</summary>
    /// <param name="card">The card's JSON; it is not modified.</param>
    /// <returns>The message, its follow-ups and, for a card with inputs, the modal.</returns>
    /// <exception cref="InvalidOperationException">
    /// An action's or input's value does not fit Slack's limit and cannot be cut without breaking the round trip, or the card
    /// has more inputs and button rows than a Slack modal's 100 blocks hold.
    /// </exception>
    public static BlockKitMessage Render(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return new CardConverter().Convert(card);
    }
}
