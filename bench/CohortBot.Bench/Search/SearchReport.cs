using System.Globalization;
using System.Text;
using CohortBot.Bench.Rig;

namespace CohortBot.Bench.Search;

/// The search benchmark's figures beside the issue's targets, as Markdown (and the whole as JSON).
internal sealed class SearchReport(SearchSettings settings, SearchResult result)
{
    public const double SearchP95TargetMs = 10;
    public const double AnswerP95TargetMs = 50;
    public const double RebuildTargetSeconds = 30;

    public IReadOnlyDictionary<string, string> Machine { get; } = Describe();

    public SearchSettings Settings => settings;

    public SearchResult Result => result;

    public string ToMarkdown()
    {
        var (library, search, answers) = (result.Library, result.InProcess, result.Answers);
        var rebuild = search.Rebuild;
        var text = new StringBuilder();
        if (settings.Quick)
            Line(text, $"**A --quick run: a smoke test of the rig; its figures mean nothing.**\n");
        Line(text, $"Machine: {string.Join(", ", Machine.Select(m => $"{m.Key} {m.Value}"))}.");
        Line(text, $"");
        Line(text, $"Library: {library.Resources:N0} resources across {library.Cohorts} cohorts ({library.ResourcesPerCohort:N0} each), generated from seed {settings.Seed} (blended-learning titles, descriptions and tags, {library.WordsPerResource:F0} words a resource, {library.DistinctTags} distinct tags) with {library.Votes:N0} votes, written straight into the bot's SQLite file in {library.InsertSeconds:F1} s ({library.DatabaseMiB:F0} MiB). Roster: {library.Teachers} teachers on Teams, {library.TeachersInSeveralCohorts} of them in two or three cohorts, whose questions search those libraries together.");
        Line(text, $"");

        Line(text, $"**Targets**");
        Line(text, $"");
        Line(text, $"| | target | result | met |");
        Line(text, $"|---|---|---|---|");
        Target(text, "search p95 (in process, warm indexes, the teachers' questions)", $"under {SearchP95TargetMs:F0} ms", $"{search.Search.P95:F2} ms", search.Search.P95 < SearchP95TargetMs);
        Target(text, "whole answer p95 (Teams message in, resource-answer card out at the fake connector)", $"under {AnswerP95TargetMs:F0} ms", $"{answers.Whole.P95:F1} ms", answers.Whole.P95 < AnswerP95TargetMs);
        Target(text, $"index build from the database, all {library.Cohorts} cohorts ({rebuild.IndexedResources:N0} resources, in process)", $"under {RebuildTargetSeconds:F0} s", $"{rebuild.TotalSeconds:F1} s", rebuild.TotalSeconds < RebuildTargetSeconds);
        Line(text, $"");

        Line(text, $"**The search itself**: `ResourceSearchIndex.Search(cohorts, question, top: 3)` of the published app, in the harness's process on core 0 (the bot not running), on warm indexes after {settings.SearchWarmUp:N0} unmeasured searches. Each question is asked by the next teacher on the roster in turn, over that teacher's cohorts. Milliseconds.");
        Line(text, $"");
        Line(text, $"| questions | count | mean | p50 | p95 | p99 | max | answered with a resource |");
        Line(text, $"|---|---|---|---|---|---|---|---|");
        Row(text, "all the teachers' questions", search.Search, "F2", Percent(search.AnsweredShare));
        Row(text, $"teacher in one cohort ({library.ResourcesPerCohort:N0} resources)", search.OneCohort, "F2", "");
        Row(text, "teacher in two or three cohorts", search.SeveralCohorts, "F2", "");
        Row(text, "with one or two typos", search.WithTypos, "F2", Percent(search.TypoAnsweredShare));
        Row(text, "about nothing in the library", search.OffTopic, "F2", Percent(search.OffTopicAnsweredShare));
        Row(text, $"over all {library.Cohorts} cohorts at once ({rebuild.IndexedResources:N0} resources; no member has that many)", search.AllCohorts, "F2", "");
        Line(text, $"");

        Line(text, $"**Whole answer**: a teacher's message in their Teams 1:1 chat, posted to the running bot's `/api/messages` with a valid token, until the fake Bot Connector has read the reply carrying the resource-answer card. One question at a time (at most {1000 / settings.MinimumInterval.TotalMilliseconds:F0} a second, inside Teams' limits; pacing at its defaults), the same questions and teachers as above, after a {settings.WarmUp.TotalSeconds:F0} s warm-up ({answers.WarmUpAnswers:N0} answers). The bot is the published build, in Production, on SQLite, pinned to core {settings.BotCore}. Milliseconds.");
        Line(text, $"");
        Line(text, $"| | count | mean | p50 | p95 | p99 | max |");
        Line(text, $"|---|---|---|---|---|---|---|");
        Row(text, "question in, card out", answers.Whole, "F1");
        Row(text, "teacher in one cohort", answers.OneCohort, "F1");
        Row(text, "teacher in two or three cohorts", answers.SeveralCohorts, "F1");
        Row(text, "until the POST itself was answered", answers.RequestAnswered, "F1");
        Row(text, "first question to each cohort (its index built from the database meanwhile)", answers.FirstAnswerPerCohort, "F0");
        Row(text, "each teacher's first message (`help`, before any question)", answers.Hello, "F1");
        Line(text, $"");
        Line(text, $"Cards offering at least one resource: {Percent(answers.FoundShare, "F1")}. The resources on the bot's cards for the same question and teacher agree in number with the in-process search in {answers.AgreeWithInProcess} of {answers.Compared} answers. Unanswered within 30 s: {answers.Failures}. Other activities the bot sent: {answers.OtherActivities}. Bot CPU during the measured answers: {answers.Cores:F2} of its core.");
        Line(text, $"");

        var firsts = answers.FirstAnswerPerCohortMs;
        Line(text, $"**Index build from the database**: in process, `ResourceSearch.FreshenAsync([cohort])` for each cohort in turn on a fresh database context, as a request would: EF Core reads the cohort's active resources and their votes, and Lucene builds its index (one segment). In the bot, the first question to each cohort waits for the same build.");
        Line(text, $"");
        Line(text, $"| | in process, s | in the bot: first answer in the cohort, s |");
        Line(text, $"|---|---|---|");
        Line(text, $"| all {library.Cohorts} cohorts | {rebuild.TotalSeconds:F2} | {firsts.Sum() / 1000:F2} |");
        Line(text, $"| first cohort (code not yet warm) | {rebuild.FirstSeconds:F3} | {firsts[0] / 1000:F3} |");
        Line(text, $"| median cohort | {rebuild.MedianSeconds:F3} | {Stats.Median(firsts) / 1000:F3} |");
        Line(text, $"| fastest / slowest cohort | {rebuild.MinSeconds:F3} / {rebuild.MaxSeconds:F3} | {firsts.Min() / 1000:F3} / {firsts.Max() / 1000:F3} |");
        Line(text, $"");

        Line(text, $"**Memory** (MiB)");
        Line(text, $"");
        Line(text, $"| | resident | peak so far (VmHWM) |");
        Line(text, $"|---|---|---|");
        foreach (var point in answers.Memory)
            Line(text, $"| the bot, {point.When} | {point.RssMiB:F0} | {point.PeakRssMiB:F0} |");
        Line(text, $"");
        Line(text, $"Managed memory the {library.Cohorts} indexes hold ({rebuild.IndexedResources:N0} resources), measured in process as what disposing them frees: {search.IndexesManagedMiB:F0} MiB (managed heap with them: {search.ManagedHeapWithIndexesMiB:F0} MiB, the harness included). The bot runs Server GC on one core (its default); the harness Workstation GC.");
        Line(text, $"");
        return text.ToString();
    }

    private static void Target(StringBuilder text, string what, string target, string figure, bool met) =>
        Line(text, $"| {what} | {target} | {figure} | {(met ? "yes" : "**no**")} |");

    private static void Row(StringBuilder text, string what, Latencies l, string format, string? share = null)
    {
        string F(double value) => value.ToString(format, CultureInfo.InvariantCulture);
        Line(text, $"| {what} | {l.Count:N0} | {F(l.Mean)} | {F(l.P50)} | {F(l.P95)} | {F(l.P99)} | {F(l.Max)} |{(share is null ? "" : $" {share} |")}");
    }

    private static string Percent(double share, string format = "F0") =>
        double.IsNaN(share) ? "n/a" : (share * 100).ToString(format, CultureInfo.InvariantCulture) + "%";

    private static void Line(StringBuilder text, FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

    private static Dictionary<string, string> Describe() => new()
    {
        ["date (UTC)"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        ["cpu"] = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?",
        ["nproc"] = BotProcess.Run("nproc", "--all").Trim(),
        ["memory"] = File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim(),
        ["kernel"] = BotProcess.Run("uname", "-r").Trim(),
        [".NET"] = Environment.Version.ToString(),
        ["source"] = Environment.GetEnvironmentVariable("BENCH_SOURCE") ?? "unknown (not run through bench/run)",
    };
}
