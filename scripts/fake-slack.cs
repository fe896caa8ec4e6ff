#:project ../tests/CohortBot.Fakes/CohortBot.Fakes.csproj
// The demo's Slack, without a workspace: the fake Slack Web API the tests use, on loopback, and a
// prompt that sends the bot what Slack would (signed slash commands and button presses) as any of
// the demo's Slack people. Every message the bot posts or updates in Slack is printed.
//
//   dotnet run scripts/fake-slack.cs            (prints how to start the bot against it)
//
// At the prompt:  /cohort TEXT          as the current person (Megan, the coordinator, at first)
//                 press [N]             press button N (1 by default) of the last card the bot sent them
//                 as USER               act as another demo person (U0DEMOADELE, U0DEMODIEGO, ...)
//                 quit
using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;

const string Secret = "demo-signing-secret";
var bot = new Uri(args.Length > 0 ? args[0] : "http://localhost:3978/");
await using var slack = await FakeSlackApi.StartAsync();
var signer = new SlackRequestSigner(Secret);
using var http = new HttpClient { BaseAddress = bot };

Console.WriteLine($"Fake Slack Web API at {slack.ApiBaseUrl}. Start the bot against it:");
Console.WriteLine($"  Slack__ApiBaseUrl={slack.ApiBaseUrl} Slack__SigningSecret={Secret} Slack__BotToken=xoxb-demo dotnet run --project src/CohortBot");
Console.WriteLine("Then: /cohort nudge blended, press, press 1, as U0DEMOADELE, quit.");

var user = "U0DEMOMEGAN";
var shown = 0;
using var stop = new CancellationTokenSource();
var printer = Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        var calls = slack.Calls;
        for (; shown < calls.Count; shown++)
        {
            if (calls[shown].Method is "chat.postMessage" or "chat.update" or "chat.postEphemeral")
                Console.WriteLine($"\n[{calls[shown].Method} to {calls[shown].Arg("channel")}] {Describe(calls[shown])}");
        }
        await Task.Delay(200);
    }
});

while (Console.ReadLine()?.Trim() is { } line && line != "quit")
{
    if (line.StartsWith("as ", StringComparison.Ordinal))
    {
        user = line[3..].Trim();
        Console.WriteLine($"Now acting as {user}.");
    }
    else if (line.StartsWith("/cohort", StringComparison.Ordinal))
    {
        var command = SlackPayloads.SlashCommand(user, line["/cohort".Length..].Trim(), channel: Dm(user));
        command["trigger_id"] = Guid.NewGuid().ToString("N");
        var answer = await http.SendAsync(signer.Command("api/slack/commands", command));
        var body = await answer.Content.ReadAsStringAsync();
        Console.WriteLine($"[answer {(int)answer.StatusCode}] {(body.Length > 0 ? JsonNode.Parse(body)?["text"] : "")}");
    }
    else if (line.StartsWith("press", StringComparison.Ordinal))
    {
        var n = int.TryParse(line[5..].Trim(), out var chosen) ? chosen : 1;
        var card = slack.Calls.LastOrDefault(c => c.Method is "chat.postMessage" && (c.Arg("channel") == user || c.Arg("channel") == Dm(user)) && Buttons(c).Count > 0);
        if (card is null || Buttons(card).Count < n)
        {
            Console.WriteLine("No such button on the last card sent to " + user + ".");
            continue;
        }
        var value = Buttons(card)[n - 1].Value;
        var press = SlackPayloads.BlockActions(user, "action", value);
        press["trigger_id"] = Guid.NewGuid().ToString("N");
        press["container"]!["channel_id"] = Dm(user);
        press["channel"]!["id"] = Dm(user);
        var answer = await http.SendAsync(signer.Interaction("api/slack/interactions", press));
        Console.WriteLine($"[pressed \"{Buttons(card)[n - 1].Text}\": {(int)answer.StatusCode}]");
    }
    else if (line.Length > 0)
    {
        Console.WriteLine("Say /cohort TEXT, press [N], as USER or quit.");
    }
}
await stop.CancelAsync();
await printer;

static string Dm(string user) => "D" + user[1..];

static string Describe(SlackApiCall call)
{
    var text = call.Arg("text") ?? "";
    var buttons = Buttons(call);
    return buttons.Count == 0 ? text : $"{text}\n  buttons: {string.Join(", ", buttons.Select((b, i) => $"{i + 1}. {b.Text}"))}";
}

static List<(string Text, string Value)> Buttons(SlackApiCall call)
{
    var found = new List<(string, string)>();
    if (call.Json?["blocks"] is not JsonArray blocks)
        return found;
    foreach (var block in blocks.OfType<JsonObject>().Where(b => (string?)b["type"] == "actions"))
    {
        foreach (var element in (block["elements"] as JsonArray ?? []).OfType<JsonObject>().Where(e => (string?)e["type"] == "button" && e["value"] is not null))
            found.Add(((string?)element["text"]?["text"] ?? "", (string)element["value"]!));
    }
    return found;
}
