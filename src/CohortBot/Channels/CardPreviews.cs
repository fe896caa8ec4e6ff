using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;
using CohortBot.Cards.Catalog;
using CohortBot.Turns;

namespace CohortBot.Channels;

/// A card as each platform would get it, for the pages that preview one: the expanded Adaptive Card
/// Teams is sent, and the Block Kit message (and the modal it opens) Slack is sent, by the same
/// renderer the senders use.
internal sealed class CardPreviews(CardCatalog cards)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public JsonObject Render(CardMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var card = cards.Expand(message.Card, message.Data).Card!.AsObject();
        var slack = BlockKitRenderer.Render(card);
        return new JsonObject
        {
            ["teams"] = card.DeepClone(),
            ["slack"] = JsonSerializer.SerializeToNode(slack, Web),
        };
    }
}
