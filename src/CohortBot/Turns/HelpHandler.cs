using System.Text.Json.Nodes;
using CohortBot.Outbox;

namespace CohortBot.Turns;

/// The <c>help</c> card: what the bot can do, worded for the platform the person is on, listing only
/// the commands some feature really answers. It also answers anything said to the bot that no
/// feature owns, so nobody is left without a reply.
internal sealed class HelpHandler(RouteTable routes) : ITurnHandler
{
    /// Every command a person may be told of, in the order the card lists them; the card shows those registered.
    private static readonly (string Command, string Usage, string Description)[] Commands =
    [
        ("help", "help", "Show this list."),
        ("check in", "check in", "Open this round's check-in, or change your answers while the round is open."),
        ("status", "status", "See your answers this round (coordinators: every cohort's round)."),
        ("coach", "coach", "Ask a coach for support."),
        ("resources", "resources TOPIC", "Find what your coaches shared, for example: resources station rotation."),
        ("share", "share LINK", "Add a link to your cohort's library (a teacher's link goes to the coach first)."),
    ];

    public Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken) =>
        Task.FromResult(TurnResponse.Reply(Card(turn.Platform)));

    public CardMessage Card(Platform platform)
    {
        var registered = routes.All.Select(r => r.Command).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var offered = Commands.Where(c => registered.Contains(c.Command)).ToList();
        var commands = new JsonArray();
        foreach (var (_, usage, description) in offered)
            commands.Add(new JsonObject { ["command"] = usage, ["description"] = description });
        var data = new JsonObject
        {
            ["platform"] = platform == Platform.Slack ? "slack" : "teams",
            ["commands"] = commands,
        };
        return new CardMessage("help", data, $"What I can do: {string.Join(", ", offered.Select(c => c.Usage))}.");
    }
}
