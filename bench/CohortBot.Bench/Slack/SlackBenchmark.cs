using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CohortBot.Bench.Rig;
using CohortBot.Fakes.Slack;

namespace CohortBot.Bench.Slack;

/// The Slack inbound benchmark: an open-loop generator sends freshly signed <c>event_callback</c>
/// messages (each with its own event id, one in forty a redelivery of an earlier one, as Slack's
/// retries are) and <c>/cohort help</c> slash commands, 3 : 1, first at a constant rate, then at
/// rising rates until the answers' p99 passes the limit. The fake Web API counts the bot's
/// <c>chat.postMessage</c> calls: each event must be answered exactly once.
internal sealed class SlackBenchmark(Paths paths, BenchSettings settings)
{
    public const string CohortBotName = "CohortBot";
    public const string PeerName = "Bolt 5.1.0";
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string User = "U0DEMODIEGO";
    private const int RetryEvery = 40;

    private string HelpMessageFile => Path.Combine(paths.Root, "bench", ".out", "help-message.json");

    public async Task<SlackRun> RunAsync(string subjectName, int round)
    {
        await using var slack = await FakeSlackApi.StartAsync();
        slack.AddUser(User, "diegos@example.com", "Diego Siciliani", teamId: SlackPayloads.TeamId);
        var ours = subjectName == CohortBotName;
        var scratch = paths.Scratch($"slack-{(ours ? "cohortbot" : "bolt")}-{round}");
        if (!ours && !File.Exists(HelpMessageFile))
            throw new InvalidOperationException("Run CohortBot first: the peer sends CohortBot's own help message, captured from its first run.");
        var subject = ours
            ? Subject.CohortBot(paths, scratch, new Dictionary<string, string>
            {
                ["CohortBot:Seed"] = "samples/demo-district.yaml",
                ["Teams:AppId"] = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
                ["Slack:SigningSecret"] = Secret,
                ["Slack:BotToken"] = "xoxb-bench-token",
                ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
                // One DM channel at full speed: Slack's per-channel pace would allow one message a second.
                ["Slack:Pacing:Enabled"] = "false",
            })
            : Subject.Node(PeerName, Path.Combine(paths.Peers, "slack-bolt"), "app.js", new Dictionary<string, string>
            {
                ["SLACK_SIGNING_SECRET"] = Secret,
                ["SLACK_BOT_TOKEN"] = "xoxb-bench-token",
                ["SLACK_API_URL"] = slack.ApiBaseUrl,
                ["HELP_MESSAGE_FILE"] = HelpMessageFile,
            }, "readyz");

        await using var bot = await BotProcess.StartAsync(subject, settings.BotCore, Path.Combine(scratch, "bot.log"));
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = bot.BaseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var requests = new RequestMix(round);

        var warmUp = await RunStepAsync(bot, client, slack, requests, settings.SlackRate, settings.WarmUp);
        if (ours)
            CaptureHelpMessage(slack);
        var steady = await RunStepAsync(bot, client, slack, requests, settings.SlackRate, settings.Duration);

        var steps = new List<SlackStep>();
        int? passed = null, failed = null;
        foreach (var rate in settings.SlackRates)
        {
            var step = await RunStepAsync(bot, client, slack, requests, rate, settings.StepDuration);
            steps.Add(step);
            if (Passes(step))
            {
                passed = rate;
            }
            else
            {
                failed = rate;
                break;
            }
        }
        // One more step halfway between the last rate that held and the first that did not.
        if (passed is { } low && failed is { } high && high - low > 100)
        {
            var middle = (low + high) / 2;
            var step = await RunStepAsync(bot, client, slack, requests, middle, settings.StepDuration);
            steps.Add(step);
            if (Passes(step))
                passed = middle;
        }

        var posts = slack.Count("chat.postMessage");
        return new SlackRun(subjectName, round, warmUp, steady, steps, passed ?? 0, requests.UniqueEvents, requests.Redeliveries, posts, bot.Sample().PeakRssMiB);
    }

    private bool Passes(SlackStep step) => step.Load.Failed == 0 && step.Load.P99 < settings.SlackP99LimitMs;

    private static async Task<SlackStep> RunStepAsync(BotProcess bot, HttpClient client, FakeSlackApi slack, RequestMix requests, int rate, TimeSpan duration)
    {
        var before = bot.Sample();
        var first = requests.Next;
        var load = await OpenLoopGenerator.RunAsync(client, rate, duration, requests.Build, first);
        requests.Advance(load.Requests);
        var after = bot.Sample();

        // Let the bot finish the events it has acknowledged before the next step starts.
        var drained = await DrainAsync(slack, requests.UniqueEvents);
        return new SlackStep(load, after.CoresSince(before), after.RssMiB, drained);
    }

    /// Waits until the fake has as many posts as there were distinct events, or they stop coming.
    private static async Task<TimeSpan> DrainAsync(FakeSlackApi slack, int expected)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = -1;
        var quietSince = clock.Elapsed;
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            var posts = slack.Count("chat.postMessage");
            if (posts >= expected)
                break;
            if (posts != last)
                (last, quietSince) = (posts, clock.Elapsed);
            else if (clock.Elapsed - quietSince > TimeSpan.FromSeconds(5))
                break;
            await Task.Delay(50);
        }
        return clock.Elapsed;
    }

    private void CaptureHelpMessage(FakeSlackApi slack)
    {
        if (slack.CallsOf("chat.postMessage") is not [var post, ..])
            throw new InvalidOperationException("CohortBot posted nothing in the warm-up.");
        var blocks = post.Arg("blocks") is { } json ? JsonNode.Parse(json) : null;
        File.WriteAllText(HelpMessageFile, new JsonObject { ["text"] = post.Arg("text"), ["blocks"] = blocks }.ToJsonString());
    }

    /// The requests, by index: three events to one slash command; every 40th event is Slack
    /// delivering the event 20 requests earlier again (<c>X-Slack-Retry-Num: 1</c>).
    private sealed class RequestMix(int round)
    {
        private readonly SlackRequestSigner _signer = new(Secret);
        private readonly string _tag = "R" + round.ToString(CultureInfo.InvariantCulture) + "x";

        public long Next { get; private set; }

        public int UniqueEvents { get; private set; }

        public int Redeliveries { get; private set; }

        public void Advance(int count)
        {
            for (var i = Next; i < Next + count; i++)
            {
                if (IsCommand(i))
                    continue;
                if (IsRedelivery(i))
                    Redeliveries++;
                else
                    UniqueEvents++;
            }
            Next += count;
        }

        public HttpRequestMessage Build(long index)
        {
            if (IsCommand(index))
            {
                var form = $"token=legacy-token&team_id={SlackPayloads.TeamId}&team_domain=district&channel_id=D0001&channel_name=directmessage&user_id={User}&user_name=diego&command=%2Fcohort&text=help&api_app_id={SlackPayloads.AppId}&is_enterprise_install=false&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0001%2F1%2Fabc&trigger_id={index}.1.{_tag}";
                return _signer.Build("api/slack/commands", Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded");
            }

            var redelivery = IsRedelivery(index);
            var eventIndex = redelivery ? index - (RetryEvery / 2) : index;
            var eventId = "Ev" + _tag + eventIndex.ToString(CultureInfo.InvariantCulture);
            var ts = (1_700_000_000 + eventIndex).ToString(CultureInfo.InvariantCulture) + ".000100";
            var body = $$"""{"token":"legacy-token","team_id":"{{SlackPayloads.TeamId}}","api_app_id":"{{SlackPayloads.AppId}}","event":{"type":"message","user":"{{User}}","text":"help","ts":"{{ts}}","channel":"D0001","event_ts":"{{ts}}","channel_type":"im","team":"{{SlackPayloads.TeamId}}"},"type":"event_callback","event_id":"{{eventId}}","event_time":1700000000,"authorizations":[{"enterprise_id":null,"team_id":"{{SlackPayloads.TeamId}}","user_id":"{{SlackPayloads.BotUserId}}","is_bot":true,"is_enterprise_install":false}],"is_ext_shared_channel":false,"event_context":"4-eyJldCI6Im1lc3NhZ2UifQ"}""";
            var request = _signer.Build("api/slack/events", Encoding.UTF8.GetBytes(body), "application/json");
            if (redelivery)
            {
                request.Headers.Add("X-Slack-Retry-Num", "1");
                request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
            }
            return request;
        }

        private static bool IsCommand(long index) => index % 4 == 3;

        private static bool IsRedelivery(long index) => index % RetryEvery == 1 && index >= RetryEvery;
    }
}

/// One step of the Slack run: the load, the bot's CPU (cores) and RSS, and how long its backlog took to drain.
internal sealed record SlackStep(LoadStep Load, double Cores, double RssMiB, TimeSpan Drain);

/// One run of one app: warm-up, the steady rate, the rising steps, the highest rate that held, and
/// events sent (distinct and redelivered) against posts made.
internal sealed record SlackRun(
    string Subject, int Round, SlackStep WarmUp, SlackStep Steady, IReadOnlyList<SlackStep> Steps, int MaxRate,
    int UniqueEvents, int Redeliveries, int Posts, double PeakRssMiB)
{
    public bool ExactlyOnce => Posts == UniqueEvents;
}
