using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CohortBot.Bench.Rig;
using CohortBot.Bench.Search;

namespace CohortBot.Bench.Web;

/// The web pages (issue 18): a district of many cohorts and years of rounds, the published bot on
/// core 1 in Development (its local sign-in), signed in as the coordinator. Time to first byte of
/// the cohorts index, a cohort's page and its board report (rotating over cohorts), the whole time
/// of a cohort's CSV history, and the bot's resident memory across consecutive exports.
internal static partial class WebBenchmark
{
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true };

    public sealed record Settings(int Cohorts, int Teachers, int Requests, int Exports, int WarmUp, int Seed);

    public sealed record Figures(
        IReadOnlyDictionary<string, string> Machine, string Source, Settings Settings,
        int Rounds, int CheckIns, int Deliveries, double SeedSeconds, double DatabaseMiB,
        Latencies FirstCohortPage, Latencies FirstBoard, Latencies Index, Latencies CohortPage, Latencies AllYears, Latencies Board, Latencies Export, double ExportKiB,
        IReadOnlyList<double> RssMiB);

    public static async Task RunAsync(Paths paths, string[] args)
    {
        var settings = Parse(args);
        var scratch = Path.Combine(paths.Root, "bench", ".out", "runs", "web");
        Directory.CreateDirectory(scratch);
        var database = Path.Combine(scratch, "cohortbot.db");
        // The seeded file is kept for reruns with the same settings (and the same published bot's schema).
        var key = Path.Combine(scratch, "seeded.txt");
        var wanted = $"{settings.Cohorts}x{settings.Teachers} seed {settings.Seed} bot {File.GetLastWriteTimeUtc(Path.Combine(paths.PublishedBot, "CohortBot.dll")):O}";
        var botSettings = new Dictionary<string, string> { ["CohortBot:Seed"] = "", ["Logging:LogLevel:Default"] = "Warning" };
        Subject NewSubject() => Subject.CohortBot(paths, scratch, botSettings, environment: "Development");
        var (rounds, checkIns, deliveries, seedSeconds) = (0, 0, 0, 0.0);
        if (!File.Exists(key) || File.ReadAllText(key) != wanted)
        {
            foreach (var file in Directory.GetFiles(scratch))
                File.Delete(file);
            Console.Error.WriteLine($"web: seeding {settings.Cohorts} cohorts of {settings.Teachers} teachers in {scratch}");
            var clock = Stopwatch.StartNew();
            var district = WebDistrict.Write(scratch, settings.Cohorts, settings.Teachers);
            await district.ImportAsync(NewSubject(), Path.Combine(scratch, "import.log"));
            (rounds, checkIns, deliveries) = WebDistrict.WriteHistory(database, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7), settings.Seed);
            seedSeconds = clock.Elapsed.TotalSeconds;
            File.WriteAllText(key, wanted);
            File.WriteAllText(Path.Combine(scratch, "counts.txt"), $"{rounds} {checkIns} {deliveries} {seedSeconds.ToString(CultureInfo.InvariantCulture)}");
            Console.Error.WriteLine($"  {rounds} rounds, {checkIns} check-ins, {deliveries} deliveries in {seedSeconds:F0} s");
        }
        else
        {
            var counts = File.ReadAllText(Path.Combine(scratch, "counts.txt")).Split(' ');
            (rounds, checkIns, deliveries, seedSeconds) = (int.Parse(counts[0], CultureInfo.InvariantCulture), int.Parse(counts[1], CultureInfo.InvariantCulture), int.Parse(counts[2], CultureInfo.InvariantCulture), double.Parse(counts[3], CultureInfo.InvariantCulture));
            Console.Error.WriteLine($"web: reusing the seeded district in {scratch}");
        }

        await using var bot = await BotProcess.StartAsync(NewSubject(), core: 1, Path.Combine(scratch, "bot.log"), TimeSpan.FromMinutes(2));
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        await SignInAsync(client);
        var index = await client.GetStringAsync(new Uri("/", UriKind.Relative));
        var cohortIds = CohortLink().Matches(index).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().ToList();
        if (cohortIds.Count != settings.Cohorts)
            throw new InvalidOperationException($"The coordinator's index lists {cohortIds.Count} cohorts, not {settings.Cohorts}.");

        // The cohort page opens on the school year of the latest round; timed here on the last whole one
        // (26 rounds: the page as it is at the end of July), and on all three years and a bit.
        var now = DateTime.UtcNow;
        var wholeYear = (now.Month >= 8 ? now.Year : now.Year - 1) - 1;
        // First views: every cohort's page and board once, as a coordinator meets them after a start (the
        // charts are drawn then, and a closed round without frozen figures, as the seed writes them, freezes its figures).
        Console.Error.WriteLine($"  first views of {cohortIds.Count} cohorts, then warming up ({settings.WarmUp} s)");
        var (firstCohort, firstBoard) = (new List<double>(), new List<double>());
        foreach (var id in cohortIds)
        {
            firstCohort.Add(await FirstByteAsync(client, $"/cohorts/{id}?year={wholeYear}"));
            firstBoard.Add(await FirstByteAsync(client, $"/cohorts/{id}/board"));
            await FirstByteAsync(client, $"/cohorts/{id}?year=all"); // the other years' first view, untimed
        }
        // Then the pages in turn for a while: .NET's tiered JIT recompiles hot code optimised in the
        // background, and with the bot on one busy core that takes about a thousand pages; a district's
        // bot runs for weeks, so the timed requests meet it warm (the first views above are the cold end).
        var warming = Stopwatch.StartNew();
        for (var i = 0; warming.Elapsed.TotalSeconds < settings.WarmUp; i++)
        {
            await FirstByteAsync(client, "/");
            await FirstByteAsync(client, $"/cohorts/{cohortIds[i % cohortIds.Count]}?year={wholeYear}");
            await FirstByteAsync(client, $"/cohorts/{cohortIds[i % cohortIds.Count]}?year=all");
            await FirstByteAsync(client, $"/cohorts/{cohortIds[i % cohortIds.Count]}/board");
            await WholeAsync(client, $"/cohorts/{cohortIds[i % cohortIds.Count]}/export.csv");
        }
        var (indexTimes, cohortTimes, allYearsTimes, boardTimes) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var i = 0; i < settings.Requests; i++)
        {
            var id = cohortIds[i % cohortIds.Count];
            indexTimes.Add(await FirstByteAsync(client, "/"));
            cohortTimes.Add(await FirstByteAsync(client, $"/cohorts/{id}?year={wholeYear}"));
            allYearsTimes.Add(await FirstByteAsync(client, $"/cohorts/{id}?year=all"));
            boardTimes.Add(await FirstByteAsync(client, $"/cohorts/{id}/board"));
        }
        Console.Error.WriteLine($"  index p95 {Latencies.Of(indexTimes).P95:F0} ms, cohort page p95 {Latencies.Of(cohortTimes).P95:F0} ms, board p95 {Latencies.Of(boardTimes).P95:F0} ms");

        var (exportTimes, rss, bytes) = (new List<double>(), new List<double>(), 0L);
        for (var i = 0; i < settings.Exports; i++)
        {
            var (ms, length) = await WholeAsync(client, $"/cohorts/{cohortIds[i % cohortIds.Count]}/export.csv");
            exportTimes.Add(ms);
            bytes = Math.Max(bytes, length);
            rss.Add(bot.Sample().RssMiB);
        }
        Console.Error.WriteLine($"  export p95 {Latencies.Of(exportTimes).P95:F0} ms ({bytes / 1024.0:F0} KiB); RSS {rss[0]:F0} → {rss[^1]:F0} MiB");

        var figures = new Figures(Machine.Describe(), Environment.GetEnvironmentVariable("BENCH_SOURCE") ?? "unknown", settings,
            rounds, checkIns, deliveries, seedSeconds, new FileInfo(database).Length / 1048576.0,
            Latencies.Of(firstCohort), Latencies.Of(firstBoard), Latencies.Of(indexTimes), Latencies.Of(cohortTimes), Latencies.Of(allYearsTimes), Latencies.Of(boardTimes), Latencies.Of(exportTimes), bytes / 1024.0, rss);
        Directory.CreateDirectory(paths.Results);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-web";
        var markdown = ToMarkdown(figures);
        await File.WriteAllTextAsync(Path.Combine(paths.Results, $"{stamp}.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(paths.Results, $"{stamp}.json"), JsonSerializer.Serialize(figures, ReportJson));
        Console.WriteLine(markdown);
        Console.Error.WriteLine($"written: bench/results/{stamp}.md and .json");
    }

    private static Settings Parse(string[] args)
    {
        var settings = new Settings(Cohorts: 50, Teachers: 100, Requests: 200, Exports: 100, WarmUp: 120, Seed: 18);
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--cohorts" => settings with { Cohorts = Next() },
                "--teachers" => settings with { Teachers = Next() },
                "--requests" => settings with { Requests = Next() },
                "--exports" => settings with { Exports = Next() },
                "--warm-up" => settings with { WarmUp = Next() },
                "--seed" => settings with { Seed = Next() },
                "--quick" => settings with { Cohorts = 5, Requests = 20, Exports = 10, WarmUp = 3 },
                var other => throw new ArgumentException($"Unknown option {other} (web: --cohorts N --teachers N --requests N --exports N --warm-up SECONDS --seed N --quick)."),
            };
        }
        return settings;
    }

    private static async Task SignInAsync(HttpClient client)
    {
        var form = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = AntiForgery().Match(form).Groups[1].Value;
        var coordinator = Regex.Match(form, "<option value=\"(\\d+)\"[^>]*>District Coordinator").Groups[1].Value;
        using var answer = await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["memberId"] = coordinator }));
        if (answer.StatusCode != HttpStatusCode.Redirect || coordinator.Length == 0)
            throw new InvalidOperationException($"Signing in as the coordinator failed ({(int)answer.StatusCode}).");
    }

    /// Milliseconds until the response's headers (the first byte); the body is read and dropped after.
    private static async Task<double> FirstByteAsync(HttpClient client, string path)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
        await response.Content.CopyToAsync(Stream.Null);
        return elapsed;
    }

    private static async Task<(double Ms, long Bytes)> WholeAsync(HttpClient client, string path)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}.");
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long length = 0;
        for (int read; (read = await body.ReadAsync(buffer)) > 0;)
            length += read;
        return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, length);
    }

    private static string ToMarkdown(Figures f)
    {
        var text = new StringBuilder();
        string Met(bool met) => met ? "met" : "**not met**";
        var slope = f.RssMiB.Count < 10 ? 0 : (f.RssMiB.Skip(f.RssMiB.Count / 2).Average() - f.RssMiB.Take(f.RssMiB.Count / 2).Average());
        text.AppendLine(CultureInfo.InvariantCulture, $"# Web pages: {f.Settings.Cohorts} cohorts, {f.Settings.Cohorts * f.Settings.Teachers} teachers, {f.Rounds / Math.Max(1, f.Settings.Cohorts)} closed rounds each");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {string.Join(", ", f.Machine.Select(m => $"{m.Key} {m.Value}"))}. Measured: {f.Source}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Store: SQLite, {f.Rounds} rounds, {f.CheckIns} check-ins, {f.Deliveries} check-in deliveries ({f.DatabaseMiB:F0} MiB, seeded in {f.SeedSeconds:F0} s). The bot on core 1 in Development, signed in as the coordinator; the client on core 0, one request at a time: first every cohort's page and board once (their first views, below), then each in turn for {f.Settings.WarmUp} s (the JIT recompiles hot code optimised meanwhile), then the timed requests.");
        text.AppendLine();
        text.AppendLine("| what | n | p50 ms | p95 ms | max ms | target | |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        void Row(string what, Latencies l, string target, bool met) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"| {what} | {l.Count} | {l.P50:F0} | {l.P95:F0} | {l.Max:F0} | {target} | {Met(met)} |");
        Row("cohorts index `/` (time to first byte)", f.Index, "p95 < 150 ms", f.Index.P95 < 150);
        Row("a cohort's page, a whole school year (time to first byte)", f.CohortPage, "p95 < 150 ms", f.CohortPage.P95 < 150);
        text.AppendLine(CultureInfo.InvariantCulture, $"| a cohort's page, every year (`?year=all`, {f.Rounds / f.Settings.Cohorts} rounds) | {f.AllYears.Count} | {f.AllYears.P50:F0} | {f.AllYears.P95:F0} | {f.AllYears.Max:F0} | | |");
        Row("a cohort's board report (time to first byte)", f.Board, "p95 < 150 ms", f.Board.P95 < 150);
        Row($"a cohort's CSV history, whole ({f.ExportKiB:F0} KiB)", f.Export, "< 2 s", f.Export.Max < 2000);
        text.AppendLine(CultureInfo.InvariantCulture, $"| first view of a cohort's page, a whole school year (charts drawn, figures frozen) | {f.FirstCohortPage.Count} | {f.FirstCohortPage.P50:F0} | {f.FirstCohortPage.P95:F0} | {f.FirstCohortPage.Max:F0} | | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| first view of a cohort's board report | {f.FirstBoard.Count} | {f.FirstBoard.P50:F0} | {f.FirstBoard.P95:F0} | {f.FirstBoard.Max:F0} | | |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Memory across {f.RssMiB.Count} exports: RSS first {f.RssMiB[0]:F0} MiB, last {f.RssMiB[^1]:F0} MiB, max {f.RssMiB.Max():F0} MiB; second half minus first half {slope:+0.0;-0.0} MiB ({Met(Math.Abs(slope) < 10)}: flat within 10 MiB).");
        return text.ToString();
    }

    [GeneratedRegex("href=\"/cohorts/(\\d+)\"")]
    private static partial Regex CohortLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgery();
}
