using System.Text.Json.Nodes;
using CohortBot.Bench.Rig;
using CohortBot.Fakes.Teams;

namespace CohortBot.Bench.Teams;

/// The Teams inbound benchmark: wrk posts a teacher's personal-chat message with a valid RS256
/// token to <c>/api/messages</c>; the bot validates it against the fake OpenID metadata and answers
/// through the fake Bot Connector, which counts replies. The bot runs on core 1, everything else here.
internal sealed class TeamsBenchmark(Paths paths, BenchSettings settings)
{
    public const string CohortBotName = "CohortBot";
    public const string PeerName = "botbuilder-js 4.23.3";
    private const string AppId = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    private const string AppPassword = "bench-app-password";
    private const string Tenant = "00000000-0000-0000-0000-0000000000001";
    private const string AlexAad = "00000000-0000-0000-0000-0000000000020";
    private const string Conversation = "a:alex-personal";

    public async Task<TeamsRun> RunAsync(string subjectName, int round)
    {
        await using var identity = await FakeBotFrameworkIdentity.StartAsync();
        await using var connector = await FakeBotConnector.StartAsync();
        connector.RecordBodies = false;
        // MSAL.NET takes only an https authority: CohortBot's tokens come from a fake over TLS.
        await using var tokens = await FakeBotConnector.StartAsync(LoopbackCertificate.Certificate);
        var scratch = paths.Scratch($"teams-{(subjectName == CohortBotName ? "cohortbot" : "botbuilder")}-{round}");
        var subject = subjectName == CohortBotName
            ? Subject.CohortBot(paths, scratch, new Dictionary<string, string>
            {
                // The teachers are on a roster: the demo district's Alex is the sender.
                ["CohortBot:Seed"] = "samples/demo-district.yaml",
                ["Teams:AppId"] = AppId,
                ["Teams:AppPassword"] = AppPassword,
                ["Teams:OpenIdMetadataUrl"] = identity.MetadataUrl,
                ["Teams:OAuthAuthority"] = tokens.ServiceUrl + "botframework.com",
                ["SSL_CERT_FILE"] = LoopbackCertificate.WritePem(scratch),
                // One conversation at full speed: Teams' per-conversation limits would pace it to 7 a second.
                ["Teams:Pacing:Enabled"] = "false",
            }, profiled: settings.Trace)
            : Subject.Node(PeerName, Path.Combine(paths.Peers, "teams-botbuilder"), "index.js", new Dictionary<string, string>
            {
                ["MicrosoftAppId"] = AppId,
                ["MicrosoftAppPassword"] = AppPassword,
                ["MicrosoftAppType"] = "MultiTenant",
                ["ToBotFromChannelOpenIdMetadataUrl"] = identity.MetadataUrl,
                ["ToChannelFromBotLoginUrl"] = connector.ServiceUrl + "botframework.com",
            }, "readyz");

        await using var bot = await BotProcess.StartAsync(subject, settings.BotCore, Path.Combine(scratch, "bot.log"));
        var url = new Uri(bot.BaseAddress, "api/messages");
        var headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json",
            ["Authorization"] = "Bearer " + identity.MintToken(AppId, connector.ServiceUrl),
        };
        var body = Activity(connector.ServiceUrl);
        var script = Path.Combine(scratch, "teams.lua");

        var warmUp = await Wrk.RunAsync(url, body, headers, "warm-", settings.Connections, settings.WarmUp, script);
        var trace = settings.Trace && subjectName == CohortBotName ? bot.ProfileAsync(Path.Combine(scratch, "cohortbot.perf.data"), settings.Duration - TimeSpan.FromSeconds(2)) : Task.CompletedTask;
        var before = bot.Sample();
        var result = await Wrk.RunAsync(url, body, headers, "run-", settings.Connections, settings.Duration, script);
        await trace;
        var after = bot.Sample();

        // Requests in flight when wrk stopped may still be answered: give them a moment.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var replyPaths = connector.Calls.Where(call => call.Method == "POST" && call.Path.Contains("/activities/run-", StringComparison.Ordinal)).Select(call => call.Path).ToList();
        var (replies, distinctReplies) = (replyPaths.Count, replyPaths.Distinct(StringComparer.Ordinal).Count());
        if (warmUp.Requests == 0)
            throw new InvalidOperationException($"{subjectName} answered nothing in the warm-up; see {scratch}/bot.log.");

        return new TeamsRun(subjectName, round, result, replies, distinctReplies, after.CoresSince(before), after.RssMiB, after.PeakRssMiB,
            identity.MetadataFetches, identity.KeyFetches, connector.TokenRequests.Count + tokens.TokenRequests.Count);
    }

    /// A teacher's message in their personal chat with the bot, as Teams sends it; {{id}} is the activity id.
    private static string Activity(string serviceUrl) => new JsonObject
    {
        ["type"] = "message",
        ["id"] = "{{id}}",
        ["timestamp"] = "2026-11-23T15:30:00.000Z",
        ["localTimestamp"] = "2026-11-23T09:30:00.000-06:00",
        ["localTimezone"] = "America/Chicago",
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = "29:alex", ["name"] = "Alex Wilber", ["aadObjectId"] = AlexAad },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = Tenant, ["id"] = Conversation },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "CohortBot" },
        ["textFormat"] = "plain",
        ["locale"] = "en-US",
        ["text"] = "help",
        ["entities"] = new JsonArray(new JsonObject { ["locale"] = "en-US", ["country"] = "US", ["platform"] = "Web", ["timezone"] = "America/Chicago", ["type"] = "clientInfo" }),
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
    }.ToJsonString();
}

/// One measured run of one bot.
internal sealed record TeamsRun(
    string Subject, int Round, WrkResult Load, int Replies, int DistinctReplies, double Cores, double RssMiB, double PeakRssMiB,
    int MetadataFetches, int KeyFetches, int TokenRequests);
