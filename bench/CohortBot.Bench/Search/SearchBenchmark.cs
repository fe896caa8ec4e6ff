using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CohortBot.Bench.Rig;
using CohortBot.Fakes.Teams;

namespace CohortBot.Bench.Search;

/// Resource search at library scale (issue 15): 100,000 resources across 50 cohorts, written
/// straight into the bot's SQLite file. First, in this process with the published app's own code
/// (see <see cref="InProcessSearch"/>), every cohort's index is built from the database and timed,
/// then thousands of questions are searched on the warm indexes. Then the published bot runs pinned
/// to its core, and teachers ask it the same questions in their Teams 1:1 chats, one at a time:
/// from the POST of the message to the moment the fake connector has the resource-answer card.
internal sealed partial class SearchBenchmark(Paths paths, SearchSettings settings)
{
    private const string AppId = "9a4f6c1e-2b7d-4e3a-8c5f-0d1e2f3a4b5c";
    private const string AppPassword = "bench-app-password";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private long _activityIds;

    /// Runs the suite with <paramref name="args"/> (see <see cref="SearchSettings.Usage"/>) and writes its report.
    public static async Task RunAsync(Paths paths, string[] args)
    {
        var settings = SearchSettings.Parse(args);
        var result = await new SearchBenchmark(paths, settings).RunAsync();
        var report = new SearchReport(settings, result);
        Directory.CreateDirectory(paths.Results);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-search";
        var markdown = report.ToMarkdown();
        await File.WriteAllTextAsync(Path.Combine(paths.Results, $"{stamp}.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(paths.Results, $"{stamp}.json"), JsonSerializer.Serialize(report, ReportJson));
        Console.WriteLine(markdown);
        Console.Error.WriteLine($"written: bench/results/{stamp}.md and .json");
    }

    private async Task<SearchResult> RunAsync()
    {
        var scratch = paths.Scratch("search");
        var database = Path.Combine(scratch, "cohortbot.db");
        Console.Error.WriteLine($"search: {settings.Resources} resources across {settings.Cohorts} cohorts in {scratch}");

        await using var identity = await FakeBotFrameworkIdentity.StartAsync();
        await using var connector = await AnswerConnector.StartAsync();
        // MSAL.NET takes only an https authority: the bot's outbound tokens come from a fake over TLS (as in the Teams suite).
        await using var tokens = await FakeBotConnector.StartAsync(LoopbackCertificate.Certificate);
        var botSettings = new Dictionary<string, string>
        {
            ["Teams:AppId"] = AppId,
            ["Teams:AppPassword"] = AppPassword,
            ["Teams:OpenIdMetadataUrl"] = identity.MetadataUrl,
            ["Teams:OAuthAuthority"] = tokens.ServiceUrl + "botframework.com",
            ["SSL_CERT_FILE"] = LoopbackCertificate.WritePem(scratch),
        };
        Subject NewSubject() => Subject.CohortBot(paths, scratch, botSettings);

        var district = SearchDistrict.Write(scratch, settings.Cohorts, settings.TeachersPerCohort, settings.TeachersInTwo, settings.TeachersInThree);
        var imported = await district.ImportAsync(NewSubject(), Path.Combine(scratch, "import.log"));
        Console.Error.WriteLine($"  imported {district.Cohorts.Count} cohorts and {district.Teachers.Count} teachers in {imported.TotalSeconds:F1} s");

        var clock = Stopwatch.StartNew();
        var resources = ResourceGenerator.Generate(settings.Cohorts, settings.ResourcesPerCohort, settings.Seed);
        var questions = QuestionGenerator.Generate(Math.Max(settings.Searches, settings.Answers), settings.Seed + 1);
        var otherQuestions = QuestionGenerator.Generate(5_000, settings.Seed + 2);
        var generated = clock.Elapsed.TotalSeconds;
        var written = await LibraryWriter.WriteAsync(database, district, resources, otherQuestions, settings.Seed + 3);
        var library = new LibraryFigures(
            written.Resources, settings.Cohorts, settings.ResourcesPerCohort, written.Votes,
            resources.Average(r => Words(r.Title) + Words(r.Description) + r.Tags.Count), resources.SelectMany(r => r.Tags).Distinct(StringComparer.Ordinal).Count(),
            district.Teachers.Count, district.Teachers.Count(t => t.Cohorts.Count > 1), generated, imported.TotalSeconds, written.Seconds, written.DatabaseMiB);
        Console.Error.WriteLine($"  wrote {written.Resources} resources and {written.Votes} votes in {written.Seconds:F1} s ({written.DatabaseMiB:F0} MiB)");

        var inProcess = await InProcessAsync(database, district, written.CohortIds, questions, otherQuestions);
        var answers = await AnswersAsync(NewSubject(), scratch, identity, connector, district, questions, otherQuestions, inProcess.Hits);
        return new SearchResult(library, inProcess, answers);
    }

    /// Index builds and searches in this process (on core 0, the bot not started yet).
    private async Task<InProcessFigures> InProcessAsync(string database, SearchDistrict district, IReadOnlyList<int> cohortIds, List<Question> questions, List<Question> warmUp)
    {
        Console.Error.WriteLine("  in process: building every cohort's index from the database");
        var search = InProcessSearch.Load(paths.PublishedBot, database);
        try
        {
            // The versions query alone: EF Core builds its model here, as the bot did at start-up, not in the first rebuild.
            await search.FreshenAsync([]);

            var perCohort = new List<double>();
            var total = Stopwatch.StartNew();
            foreach (var id in cohortIds)
            {
                var one = Stopwatch.GetTimestamp();
                await search.FreshenAsync([id]);
                perCohort.Add(Stopwatch.GetElapsedTime(one).TotalSeconds);
            }
            total.Stop();
            var indexed = cohortIds.Sum(search.CountOf);
            if (indexed != settings.ResourcesPerCohort * settings.Cohorts)
                throw new InvalidOperationException($"The indexes hold {indexed} resources, not {settings.ResourcesPerCohort * settings.Cohorts}.");
            var rebuild = new RebuildFigures(perCohort, total.Elapsed.TotalSeconds, indexed);
            Console.Error.WriteLine($"    {indexed} resources indexed in {rebuild.TotalSeconds:F2} s (first cohort {rebuild.FirstSeconds:F2} s, median {rebuild.MedianSeconds:F3} s)");
            var withIndexes = ManagedMiB();

            var sets = district.Teachers.Select(t => (IReadOnlyCollection<int>)[.. t.Cohorts.Select(c => cohortIds[c])]).ToList();
            for (var i = 0; i < settings.SearchWarmUp; i++)
                search.Search(sets[i % sets.Count], warmUp[i % warmUp.Count].Text);

            var measured = new List<(double Ms, int Hits, Question Question, int Cohorts)>(settings.Searches);
            for (var i = 0; i < settings.Searches; i++)
            {
                var set = sets[i % sets.Count];
                var start = Stopwatch.GetTimestamp();
                var hits = search.Search(set, questions[i].Text);
                measured.Add((Stopwatch.GetElapsedTime(start).TotalMilliseconds, hits, questions[i], set.Count));
            }
            var all = (IReadOnlyCollection<int>)[.. cohortIds];
            var everyCohort = new List<double>(settings.AllCohortSearches);
            for (var i = 0; i < settings.AllCohortSearches; i++)
            {
                var start = Stopwatch.GetTimestamp();
                search.Search(all, questions[i].Text);
                everyCohort.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            var withTypos = measured.Where(m => m.Question.Typos > 0).ToList();
            var offTopic = measured.Where(m => m.Question.OffTopic).ToList();
            var figures = new InProcessFigures(
                rebuild,
                Latencies.Of(measured.Select(m => m.Ms)),
                Latencies.Of(measured.Where(m => m.Cohorts == 1).Select(m => m.Ms)),
                Latencies.Of(measured.Where(m => m.Cohorts > 1).Select(m => m.Ms)),
                Latencies.Of(withTypos.Select(m => m.Ms)),
                Latencies.Of(offTopic.Select(m => m.Ms)),
                Latencies.Of(everyCohort),
                Share(measured, m => m.Hits > 0),
                Share(withTypos, m => m.Hits > 0),
                Share(offTopic, m => m.Hits > 0),
                0,
                withIndexes)
            { Hits = [.. measured.Select(m => m.Hits)] };
            Console.Error.WriteLine($"    {measured.Count} searches: p50 {figures.Search.P50:F2} ms, p95 {figures.Search.P95:F2} ms, p99 {figures.Search.P99:F2} ms; all {cohortIds.Count} cohorts at once p95 {figures.AllCohorts.P95:F2} ms");

            search.Dispose();
            var freed = withIndexes - ManagedMiB();
            return figures with { IndexesManagedMiB = freed };
        }
        finally
        {
            search.Dispose();
        }
    }

    /// Whole answers through the published bot, pinned to its core.
    private async Task<AnswerFigures> AnswersAsync(Subject subject, string scratch, FakeBotFrameworkIdentity identity, AnswerConnector connector,
        SearchDistrict district, List<Question> questions, List<Question> warmUp, List<int> inProcessHits)
    {
        Console.Error.WriteLine($"  the bot: {district.Teachers.Count} teachers ask on Teams, one question at a time");
        await using var bot = await BotProcess.StartAsync(subject, settings.BotCore, Path.Combine(scratch, "bot.log"), TimeSpan.FromMinutes(2));
        var memory = new List<MemoryPoint>();
        void Remember(string when)
        {
            var sample = bot.Sample();
            memory.Add(new MemoryPoint(when, sample.RssMiB, sample.PeakRssMiB));
        }
        Remember("started");
        var asker = new Asker(this, settings.MinimumInterval, new Uri(bot.BaseAddress, "api/messages"), "Bearer " + identity.MintToken(AppId, connector.ServiceUrl), connector);

        // Each teacher's first message (help) makes the bot learn their chat, so that no question pays for it.
        var hello = new List<double>();
        foreach (var teacher in district.Teachers)
            hello.Add((await asker.AskAsync(teacher, "help", card: false)).Milliseconds);
        Remember("after every teacher's first message");

        // One question to each cohort, from a teacher in it alone: the answer waits for that cohort's index to be built.
        var first = new List<double>();
        for (var c = 0; c < district.Cohorts.Count; c++)
        {
            var answer = await asker.AskAsync(district.OnlyIn(c), warmUp.First(q => !q.OffTopic).Text, card: true);
            first.Add(answer.Milliseconds);
        }
        Remember("after every cohort's index was built");
        Console.Error.WriteLine($"    first answer in each cohort (its index built meanwhile): median {Stats.Median(first):F0} ms, max {first.Max():F0} ms, first of all {first[0]:F0} ms");

        var warmUpAnswers = 0;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < settings.WarmUp)
        {
            await asker.AskAsync(district.Teachers[warmUpAnswers % district.Teachers.Count], warmUp[warmUpAnswers % warmUp.Count].Text, card: true);
            warmUpAnswers++;
        }
        Remember("after the warm-up");
        Console.Error.WriteLine($"    warm-up: {warmUpAnswers} answers in {warm.Elapsed.TotalSeconds:F0} s");

        var before = bot.Sample();
        var measured = new List<(Answer Answer, int Cohorts, int Index)>(settings.Answers);
        for (var i = 0; i < settings.Answers; i++)
        {
            var teacher = district.Teachers[i % district.Teachers.Count];
            measured.Add((await asker.AskAsync(teacher, questions[i].Text, card: true), teacher.Cohorts.Count, i));
        }
        var after = bot.Sample();
        Remember("after the measured answers");

        var answered = measured.Where(m => !m.Answer.Failed).ToList();
        var compared = answered.Where(m => m.Index < inProcessHits.Count).ToList();
        var figures = new AnswerFigures(
            Latencies.Of(answered.Select(m => m.Answer.Milliseconds)),
            Latencies.Of(answered.Where(m => m.Cohorts == 1).Select(m => m.Answer.Milliseconds)),
            Latencies.Of(answered.Where(m => m.Cohorts > 1).Select(m => m.Answer.Milliseconds)),
            Latencies.Of(answered.Select(m => m.Answer.RequestMilliseconds)),
            first,
            Latencies.Of(hello),
            warmUpAnswers,
            Share(answered, m => m.Answer.Results > 0),
            compared.Count(m => m.Answer.Results == inProcessHits[m.Index]),
            compared.Count,
            asker.Failures,
            connector.Others,
            after.CoresSince(before),
            memory);
        Console.Error.WriteLine($"    {answered.Count} answers: p50 {figures.Whole.P50:F1} ms, p95 {figures.Whole.P95:F1} ms, p99 {figures.Whole.P99:F1} ms; {asker.Failures} failed; peak RSS {memory[^1].PeakRssMiB:F0} MiB");
        return figures;
    }

    private static double ManagedMiB()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        items.Count == 0 ? double.NaN : (double)items.Count(predicate) / items.Count;

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    [GeneratedRegex("\"resourceId\"\\s*:\\s*\"?(\\d+)")]
    private static partial Regex ResourceIds();

    /// One question's answer: from the POST to the card at the fake (and to the POST's own answer), and how many resources the card offered.
    private sealed record Answer(double Milliseconds, double RequestMilliseconds, int Results, bool Failed);

    /// Posts a teacher's message as Teams does and waits for what the bot sends back into their chat.
    private sealed class Asker(SearchBenchmark owner, TimeSpan interval, Uri url, string authorization, AnswerConnector connector)
    {
        public int Failures { get; private set; }

        public async Task<Answer> AskAsync(BenchTeacher teacher, string text, bool card)
        {
            var body = owner.Activity(teacher, text, connector.ServiceUrl);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            // The resource-answer card says "You asked: …"; for a teacher's first message anything will do.
            var reply = connector.Expect(teacher.Conversation, card ? json => json.Contains("You asked:", StringComparison.Ordinal) : _ => true);
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await Http.SendAsync(request);
                var answered = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"The bot answered {(int)response.StatusCode} to a message: {await response.Content.ReadAsStringAsync()}");
                var sent = await reply.WaitAsync(AnswerTimeout);
                var results = ResourceIds().Matches(sent.Json).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Count();
                return new Answer(Stopwatch.GetElapsedTime(start, sent.At).TotalMilliseconds, answered, results, Failed: false);
            }
            catch (TimeoutException)
            {
                if (++Failures > 5)
                    throw new InvalidOperationException($"More than five questions went unanswered for {AnswerTimeout.TotalSeconds} s; see the bot's log.");
                return new Answer(double.NaN, double.NaN, 0, Failed: true);
            }
            finally
            {
                // Inside Teams' limits, so that the bot's pacing never holds an answer back.
                var left = interval - Stopwatch.GetElapsedTime(start);
                if (left > TimeSpan.Zero)
                    await Task.Delay(left);
            }
        }
    }

    /// A teacher's message in their personal chat with the bot, as Teams sends it.
    private string Activity(BenchTeacher teacher, string text, string serviceUrl) => new JsonObject
    {
        ["type"] = "message",
        ["id"] = string.Create(CultureInfo.InvariantCulture, $"search-{Interlocked.Increment(ref _activityIds)}"),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        ["localTimezone"] = "America/Chicago",
        ["channelId"] = "msteams",
        ["serviceUrl"] = serviceUrl,
        ["from"] = new JsonObject { ["id"] = "29:" + teacher.Conversation["a:".Length..], ["name"] = string.Create(CultureInfo.InvariantCulture, $"Teacher {teacher.Number:D3}"), ["aadObjectId"] = teacher.AadObjectId },
        ["conversation"] = new JsonObject { ["conversationType"] = "personal", ["tenantId"] = SearchDistrict.Tenant, ["id"] = teacher.Conversation },
        ["recipient"] = new JsonObject { ["id"] = "28:" + AppId, ["name"] = "CohortBot" },
        ["textFormat"] = "plain",
        ["locale"] = "en-US",
        ["text"] = text,
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = SearchDistrict.Tenant } },
    }.ToJsonString();
}
