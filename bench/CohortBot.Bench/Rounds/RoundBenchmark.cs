using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CohortBot.Bench.Rig;

namespace CohortBot.Bench.Rounds;

/// Round delivery: a coordinator opens a round for a whole cohort, and CohortBot sends every teacher
/// their check-in through a fake that enforces the platform's limits. Each run is a fresh database:
/// for Teams a round where every 1:1 chat must be created first, then (closed, opened again) one
/// where every chat is known; for Slack one round. The same runs again with CohortBot killed
/// (<c>kill -9</c>) when half the teachers have their check-in, and started again at once.
internal sealed class RoundBenchmark(Paths paths, RoundSettings settings)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// How long a phase keeps watching after its last check-in went and none is pending: late duplicates show here.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    private int _activityIds;

    public async Task<List<PhaseResult>> RunAsync()
    {
        var phases = new List<PhaseResult>();
        foreach (var (platform, killed) in new[] { ("teams", false), ("teams", true), ("slack", false), ("slack", true) })
        {
            if ((platform == "teams" && !settings.Teams) || (platform == "slack" && !settings.Slack) || (killed ? !settings.Kill : !settings.Clean))
                continue;
            var run = await RunOnceAsync(platform, killed);
            phases.AddRange(run);
        }
        return phases;
    }

    private async Task<List<PhaseResult>> RunOnceAsync(string platform, bool killed)
    {
        var slack = platform == "slack";
        var teachers = slack ? settings.SlackTeachers : settings.TeamsTeachers;
        var name = $"rounds-{platform}{(killed ? "-kill" : "")}";
        var scratch = paths.Scratch(name);
        Console.Error.WriteLine($"{name}: {teachers} teachers in {scratch}");

        await using var connector = await LimitedTeamsConnector.StartAsync(settings.Latency);
        await using var slackApi = slack ? await LimitedSlackApi.StartAsync(settings.SlackPerMinute, settings.Latency) : null;
        var district = BenchDistrict.Write(scratch, teachers, slack);
        var botSettings = new Dictionary<string, string>
        {
            ["CohortBot:Seed"] = district.SeedPath,
            // 1:1 chats of a tenant no activity came from yet are created here; Teams:Pacing:* keep their defaults.
            ["Teams:DefaultServiceUrl"] = connector.ServiceUrl,
        };
        if (slackApi is not null)
        {
            botSettings["Slack:SigningSecret"] = "bench-signing-secret";
            botSettings["Slack:BotToken"] = "xoxb-bench-token";
            botSettings["Slack:ApiBaseUrl"] = slackApi.ApiBaseUrl;
        }
        Subject NewSubject() => Subject.CohortBot(paths, scratch, botSettings, environment: "Development");

        var imported = await district.ImportAsync(NewSubject(), Path.Combine(scratch, "import.log"));
        Console.Error.WriteLine($"  imported the district and {teachers} teachers in {imported.TotalSeconds:F1} s");

        var database = new BotDatabase(Path.Combine(scratch, "cohortbot.db"));
        var context = new RunContext(NewSubject, scratch, database, connector, slackApi);
        context.Bot = await BotProcess.StartAsync(NewSubject(), settings.BotCore, context.NextLogPath(), TimeSpan.FromMinutes(2));
        try
        {
            var results = new List<PhaseResult>();
            if (slack)
            {
                var expected = district.TeacherIds.ToHashSet(StringComparer.Ordinal);
                results.Add(await RunPhaseAsync(context, new Phase("Slack", "DM (chat.postMessage to the user)", killed, teachers, teachers,
                    slackApi!.WorkspaceRule, slackApi.Calls, call => call.Kind == "chat.postMessage" && expected.Contains(call.Target) ? call.Target : null,
                    call => call.Kind == "chat.postMessage" && call.Status == 200)));
            }
            else
            {
                var expected = district.TeacherIds.Select(LimitedTeamsConnector.ConversationOf).ToHashSet(StringComparer.Ordinal);
                string? Thread(FakeCall call) => expected.Contains(call.Target) ? call.Target : null;
                bool Delivered(FakeCall call) => call.Kind is "send" or "reply" && call.Status == 201;
                var tenantRule = LimitedTeamsConnector.TenantRules[0];
                results.Add(await RunPhaseAsync(context, new Phase("Teams", "conversation created first", killed, teachers, 2 * teachers, tenantRule, connector.Calls, Thread, Delivered)));
                await CommandAsync(context, "close " + BenchDistrict.CohortName);
                Console.Error.WriteLine($"  round closed; {await database.KnownConversationsAsync()} Teams identities have a known conversation");
                await Task.Delay(TimeSpan.FromSeconds(2));
                results.Add(await RunPhaseAsync(context, new Phase("Teams", "conversation known", killed, teachers, teachers, tenantRule, connector.Calls, Thread, Delivered)));
            }
            return results;
        }
        finally
        {
            await context.Bot.DisposeAsync();
        }
    }

    /// One round: opens it, watches the fake until every teacher has the check-in and none is pending
    /// in the app (or the deadline passes), killing and restarting the app half way when asked.
    private async Task<PhaseResult> RunPhaseAsync(RunContext context, Phase phase)
    {
        var minimum = phase.CallsNeeded / (phase.Limit.Limit / phase.Limit.Window.TotalSeconds);
        var strictMinimum = (Math.Ceiling((double)phase.CallsNeeded / phase.Limit.Limit) - 1) * phase.Limit.Window.TotalSeconds;
        // From the open's answer (the open alone takes minutes at 10,000), and after a kill from the
        // kill: what was in flight then is sent again only once its lease (5 minutes) runs out.
        var deadline = TimeSpan.FromSeconds(minimum) + settings.Grace;
        Console.Error.WriteLine($"  {phase.Platform}, {phase.Scenario}{(phase.Kill ? ", killed half way" : "")}: {phase.Teachers} teachers, {phase.CallsNeeded} calls, at least {minimum:F0} s");

        var mark = phase.Log.Count;
        var teamsMark = context.Connector.Calls.Count;
        var cpu = TimeSpan.Zero;
        var start = context.Bot.Sample();
        var peakRss = start.RssMiB;
        var opened = Stopwatch.GetTimestamp();
        await CommandAsync(context, "open " + BenchDistrict.CohortName);
        var openSeconds = Seconds(opened, Stopwatch.GetTimestamp());
        deadline += TimeSpan.FromSeconds(openSeconds);
        var round = await context.Database.OpenRoundAsync() ?? throw new InvalidOperationException("No round is open after 'open'; see the bot's log.");
        Console.Error.WriteLine($"    'open' answered after {openSeconds:F1} s (round {round})");

        var first = new Dictionary<string, long>(StringComparer.Ordinal);
        var copies = new Dictionary<string, int>(StringComparer.Ordinal);
        var read = 0;
        void Read()
        {
            var calls = phase.Log.Since(mark + read);
            read += calls.Count;
            foreach (var call in calls)
            {
                if (phase.Teacher(call) is not { } teacher || !phase.Delivered(call))
                    continue;
                copies[teacher] = copies.GetValueOrDefault(teacher) + 1;
                first.TryAdd(teacher, call.At);
            }
        }

        KillResult? kill = null;
        long? killedAt = null;
        long? readyAt = null;
        var deliveredAtKill = 0;
        var statuses = new Dictionary<string, int>();
        var lastDbCheck = 0L;
        var lastProgress = Stopwatch.GetTimestamp();
        long? settledAt = null;
        var timedOut = false;
        while (true)
        {
            await Task.Delay(Poll);
            Read();
            var now = Stopwatch.GetTimestamp();
            var sample = context.Bot.Sample();
            peakRss = Math.Max(peakRss, sample.RssMiB);

            if (phase.Kill && killedAt is null && first.Count >= phase.Teachers / 2)
            {
                // kill -9: no stop, no hand-back, no flush; then start again on the same database at once.
                var last = context.Bot.Sample();
                cpu += last.Cpu - start.Cpu;
                peakRss = Math.Max(peakRss, last.RssMiB);
                using (var killer = Process.Start("kill", ["-9", context.Bot.Id.ToString(CultureInfo.InvariantCulture)]))
                    await killer.WaitForExitAsync();
                killedAt = Stopwatch.GetTimestamp();
                deliveredAtKill = first.Count;
                var afterKill = TimeSpan.FromSeconds(Seconds(opened, killedAt.Value) + minimum / 2) + settings.Grace;
                if (afterKill > deadline)
                    deadline = afterKill;
                await context.Bot.DisposeAsync();
                Console.Error.WriteLine($"    killed at {Seconds(opened, killedAt.Value):F1} s with {deliveredAtKill} delivered; starting again");
                context.Bot = await BotProcess.StartAsync(context.NewSubject(), settings.BotCore, context.NextLogPath(), TimeSpan.FromMinutes(2));
                readyAt = Stopwatch.GetTimestamp();
                start = context.Bot.Sample();
                Console.Error.WriteLine($"    ready again {Seconds(killedAt.Value, readyAt.Value):F1} s after the kill");
                continue;
            }

            if (Seconds(lastDbCheck, now) >= (first.Count == phase.Teachers ? 0.5 : 2))
            {
                lastDbCheck = now;
                statuses = await context.Database.CheckInStatusesAsync(round);
            }
            var pending = statuses.GetValueOrDefault("Pending");
            if (first.Count == phase.Teachers && pending == 0 && settledAt is null)
                settledAt = now;
            if (settledAt is { } settled && Seconds(settled, now) >= Settle.TotalSeconds)
                break;
            if (Seconds(opened, now) > deadline.TotalSeconds)
            {
                timedOut = true;
                break;
            }
            if (Seconds(lastProgress, now) >= 15)
            {
                lastProgress = now;
                var throttled = phase.Log.Since(mark).Count(c => c.Status == 429);
                Console.Error.WriteLine($"    {Seconds(opened, now):F0} s: {first.Count} of {phase.Teachers} delivered, {throttled} answered 429, {pending} pending, {sample.CoresSince(start):F2} cores");
            }
        }
        Read();
        var end = context.Bot.Sample();
        cpu += end.Cpu - start.Cpu;
        peakRss = Math.Max(peakRss, end.RssMiB);
        statuses = await context.Database.CheckInStatusesAsync(round);

        var all = phase.Log.Since(mark);
        var teamsCalls = phase.Log == context.Connector.Calls ? all : context.Connector.Calls.Since(teamsMark);
        // Unfinished, the time is the deadline's: what never came counts as lost.
        var seconds = first.Count == phase.Teachers ? Seconds(opened, first.Values.Max()) : Seconds(opened, Stopwatch.GetTimestamp());
        await context.DumpAsync(phase, all, opened);
        if (killedAt is { } k && readyAt is { } r)
        {
            var resumed = all.Where(c => c.At > k && phase.Teacher(c) is not null && c.Status is 200 or 201).Select(c => (long?)c.At).Min();
            var window = (long)Stopwatch.Frequency;
            var inFlightSecond = all.Count(c => c.At > k - window && c.At <= k && phase.Teacher(c) is not null && phase.Delivered(c));
            var duplicated = copies.Where(c => c.Value > 1).Select(c => c.Key).ToList();
            var insideSecond = duplicated.Count(t => first[t] > k - window && first[t] <= k);
            kill = new KillResult(Seconds(opened, k), deliveredAtKill, Seconds(k, r),
                resumed is { } at ? Seconds(r, at) : null, resumed is { } at2 ? Seconds(k, at2) : null,
                inFlightSecond, insideSecond, duplicated.Count - insideSecond);
        }

        var firstCall = all.Where(c => phase.Teacher(c) is not null).Select(c => (long?)c.At).Min();
        var result = new PhaseResult(
            phase.Platform, phase.Scenario, phase.Kill, phase.Teachers, phase.CallsNeeded, phase.Limit.ToString(), minimum, strictMinimum,
            seconds, timedOut, openSeconds, firstCall is { } fc ? Seconds(opened, fc) : double.NaN,
            all.Count, all.Count(c => c.Status == 429),
            all.Where(c => c.Status is 200 or 201).GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            all.Where(c => c.Status == 429).GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            phase.Teachers - first.Count, copies.Count(c => c.Value > 1), copies.Values.Sum(v => Math.Max(0, v - 1)),
            statuses, cpu.TotalSeconds, cpu.TotalSeconds / Seconds(opened, Stopwatch.GetTimestamp()), peakRss, end.RssMiB,
            phase.Log == context.Connector.Calls ? 0 : teamsCalls.Count(c => c.Status == 429),
            Timeline(first.Values, opened), kill);
        Console.Error.WriteLine($"    {result.Summary()}");
        return result;
    }

    /// Check-ins delivered in each 10 s from the open (first copies only).
    private static List<int> Timeline(IEnumerable<long> firsts, long opened)
    {
        var buckets = new List<int>();
        foreach (var at in firsts)
        {
            var bucket = (int)(Seconds(opened, at) / 10);
            while (buckets.Count <= bucket)
                buckets.Add(0);
            buckets[bucket]++;
        }
        return buckets;
    }

    /// The coordinator writes to the bot in their 1:1 chat on Teams (Development, no App ID: no token).
    private async Task CommandAsync(RunContext context, string text)
    {
        var id = Interlocked.Increment(ref _activityIds);
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"bench-command-{id}-{Environment.TickCount64}"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["channelId"] = "msteams",
            ["serviceUrl"] = context.Connector.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = "29:bench-coordinator", ["name"] = "Casey Coordinator", ["aadObjectId"] = BenchDistrict.CoordinatorAad },
            ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = BenchDistrict.Tenant, ["id"] = BenchDistrict.CoordinatorConversation },
            ["recipient"] = new JsonObject { ["id"] = "28:bench-bot", ["name"] = "CohortBot" },
            ["textFormat"] = "plain",
            ["locale"] = "en-US",
            ["text"] = text,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = BenchDistrict.Tenant } },
        };
        using var response = await Http.PostAsJsonAsync(new Uri(context.Bot.BaseAddress, "api/messages"), activity);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"'{text}' was answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static double Seconds(long from, long to) => (double)(to - from) / Stopwatch.Frequency;

    /// A run's bot (replaced at a restart), its database and its fakes.
    private sealed class RunContext(Func<Subject> newSubject, string scratch, BotDatabase database, LimitedTeamsConnector connector, LimitedSlackApi? slack)
    {
        private int _starts;
        private int _dumps;

        public Func<Subject> NewSubject => newSubject;

        public BotDatabase Database => database;

        public LimitedTeamsConnector Connector => connector;

        public LimitedSlackApi? Slack => slack;

        public BotProcess Bot { get; set; } = null!;

        /// Writes the phase's calls (seconds from the open, kind, target, status) beside the bot's logs.
        public async Task DumpAsync(Phase phase, List<FakeCall> calls, long opened)
        {
            var text = new System.Text.StringBuilder("seconds,kind,target,status\n");
            foreach (var call in calls)
                text.Append(CultureInfo.InvariantCulture, $"{Seconds(opened, call.At):F4},{call.Kind},{call.Target},{call.Status}\n");
            var name = string.Create(CultureInfo.InvariantCulture, $"calls-{++_dumps}-{phase.Platform.ToLowerInvariant()}{(phase.Kill ? "-kill" : "")}.csv");
            await File.WriteAllTextAsync(Path.Combine(scratch, name), text.ToString());
        }

        public string NextLogPath() => Path.Combine(scratch, string.Create(CultureInfo.InvariantCulture, $"bot-{++_starts}.log"));
    }

    /// What one round is measured by: the fake's calls, which of them reach a teacher, which deliver.
    private sealed record Phase(
        string Platform, string Scenario, bool Kill, int Teachers, int CallsNeeded, LimitRule Limit, CallLog Log,
        Func<FakeCall, string?> Teacher, Func<FakeCall, bool> Delivered);
}

/// One round measured. Times in seconds from the moment the coordinator's <c>open</c> was sent.
internal sealed record PhaseResult(
    string Platform,
    string Scenario,
    bool Killed,
    int Teachers,
    int CallsNeeded,
    string BindingLimit,
    double MinimumSeconds,
    double SlidingWindowMinimumSeconds,
    double Seconds,
    bool TimedOut,
    double OpenRequestSeconds,
    double FirstCallSeconds,
    int Calls,
    int Throttled,
    Dictionary<string, int> AcceptedByKind,
    Dictionary<string, int> ThrottledByKind,
    int Lost,
    int DuplicatedTeachers,
    int DuplicateMessages,
    Dictionary<string, int> CheckInStatuses,
    double CpuSeconds,
    double Cores,
    double PeakRssMiB,
    double EndRssMiB,
    int TeamsThrottled,
    List<int> DeliveredPer10Seconds,
    KillResult? Kill)
{
    public double ThrottledShare => Calls == 0 ? 0 : (double)Throttled / Calls;

    public double OverMinimum => Seconds / MinimumSeconds - 1;

    /// From the first call to a teacher to the last teacher's first check-in: the pacing alone, without the open.
    public double SendingSeconds => Seconds - FirstCallSeconds;

    public double SendingOverMinimum => SendingSeconds / MinimumSeconds - 1;

    public string Summary()
    {
        var timedOut = TimedOut ? " TIMED OUT" : "";
        var text = FormattableString.Invariant(
            $"{Seconds:F1} s (minimum {MinimumSeconds:F0} s, {OverMinimum:+0.0%;-0.0%}){timedOut}; {Throttled} of {Calls} calls answered 429; lost {Lost}, duplicated {DuplicatedTeachers}; {CpuSeconds:F1} s CPU, peak RSS {PeakRssMiB:F0} MiB");
        if (Kill is { } k)
        {
            var resumed = k.ResumedAfterReadySeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "never";
            text += FormattableString.Invariant($"; killed at {k.KilledAtSeconds:F0} s, ready {k.RestartSeconds:F1} s later, sending again {resumed} s after ready");
        }
        return text;
    }
}

/// The kill: when (from the open), how many had their check-in, how long the restart took, when
/// sending resumed, how many check-ins the fake took in the second before the kill, and the
/// duplicates whose first copy was in that second or before it.
internal sealed record KillResult(
    double KilledAtSeconds,
    int DeliveredBeforeKill,
    double RestartSeconds,
    double? ResumedAfterReadySeconds,
    double? ResumedAfterKillSeconds,
    int DeliveredInLastSecond,
    int DuplicatesFromLastSecond,
    int DuplicatesFromEarlier);
