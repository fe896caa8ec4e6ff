using System.Text.Json.Nodes;
using CohortBot.Outbox;

namespace CohortBot.Turns;

/// The <c>help</c> card: what the bot can do, worded for the platform the person is on. It also
/// answers anything no other feature takes, so nobody is left without a reply.
internal sealed class HelpHandler : ITurnHandler
{
    private static readonly (string Command, string Description)[] Commands =
    [
        ("help", "Show this list."),
        ("check in", "Open this round's check-in, or change your answers while the round is open."),
        ("resources TOPIC", "Find what your coaches shared, for example: resources station rotation."),
        ("coach", "Ask a coach for support."),
    ];

    public bool CanHandle(Turn turn) =>
        turn.AddressedToBot && turn.Kind switch
        {
            TurnKind.Action => turn.Verb == "help",
            TurnKind.Message or TurnKind.Command => turn.Command is "help" or "",
            _ => false,
        };

    public Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken) =>
        Task.FromResult(TurnResponse.Reply(Card(turn.Platform)));

    public static CardMessage Card(Platform platform)
    {
        var commands = new JsonArray();
        foreach (var (command, description) in Commands)
            commands.Add(new JsonObject { ["command"] = command, ["description"] = description });
        var data = new JsonObject
        {
            ["platform"] = platform == Platform.Slack ? "slack" : "teams",
            ["commands"] = commands,
        };
        return new CardMessage("help", data, "What I can do: help, check in, resources TOPIC, coach.");
    }
}
