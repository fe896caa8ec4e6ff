using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;
using CohortBot.Tests.Infrastructure;
using CohortBot.Turns;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Channels;

/// Modal submissions reach features as the same verb and data Teams would send, and a feature's
/// validation errors come back to Slack beside the inputs they concern.
public sealed class SlackModalTests : IAsyncLifetime
{
    private const string Secret = "test-signing-secret";
    private readonly SlackRequestSigner _signer = new(Secret);
    private readonly RecordingHandler _handler = new();
    private FakeSlackApi _slack = null!;
    private CohortBotApp _app = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _slack = await FakeSlackApi.StartAsync();
        _app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"),
            settings: new Dictionary<string, string?>
            {
                ["CohortBot:Seed"] = "samples/demo-district.yaml",
                ["Slack:SigningSecret"] = Secret,
                ["Slack:BotToken"] = "xoxb-test-token",
                ["Slack:ApiBaseUrl"] = _slack.ApiBaseUrl,
            },
            services: services =>
            {
                services.AddSingleton(_handler);
                services.AddSingleton(new TurnRoute(typeof(RecordingHandler), []) { Verb = "test.reflect" });
            });
        _client = _app.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _slack.DisposeAsync();
    }

    [Fact]
    public async Task ViewSubmission_ReachesTheFeatureAsVerbAndData()
    {
        var answer = await SubmitAsync(reflection: "Rotations ran smoothly");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var turn = Assert.Single(_handler.Turns);
        Assert.Equal((TurnKind.Action, "test.reflect"), (turn.Kind, turn.Verb));
        Assert.Equal("Rotations ran smoothly", turn.Data.Value("reflection"));
        Assert.Equal("42", turn.Data.Value("round"));
    }

    [Fact]
    public async Task ViewSubmission_FeatureRefusesAnInput_AnswersErrorsByBlockId()
    {
        var answer = await SubmitAsync(reflection: "");

        var body = await answer.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("errors", body!["response_action"]!.GetValue<string>());
        Assert.Equal("Tell us one thing about this week.", body["errors"]!["block_reflection"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> SubmitAsync(string reflection)
    {
        var values = new JsonObject
        {
            ["block_reflection"] = new JsonObject { ["reflection"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = reflection } },
        };
        var metadata = new JsonObject { ["verb"] = "test.reflect", ["data"] = new JsonObject { ["round"] = 42 } }.ToJsonString();
        return _client.SendAsync(_signer.Interaction("/api/slack/interactions", SlackPayloads.ViewSubmission("U0DEMODIEGO", "reflect", values, metadata)));
    }

    /// A feature of the test's own: takes the check-in verb and insists on a reflection.
    private sealed class RecordingHandler : ITurnHandler
    {
        public List<Turn> Turns { get; } = [];

        public Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
        {
            Turns.Add(turn);
            return Task.FromResult(string.IsNullOrWhiteSpace(turn.Data.Value("reflection"))
                ? TurnResponse.Invalid(new CardMessage("notice", new() { ["text"] = "Tell us one thing." }, "Tell us one thing."), new Dictionary<string, string> { ["reflection"] = "Tell us one thing about this week." })
                : TurnResponse.Nothing);
        }
    }
}
