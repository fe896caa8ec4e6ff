using System.Globalization;
using System.Text.Json;
using CohortBot.Bench;
using CohortBot.Bench.Rig;
using CohortBot.Bench.Slack;
using CohortBot.Bench.Teams;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
// The harness shares one core with wrk and the fakes: start with enough pool threads not to stall.
ThreadPool.SetMinThreads(32, 32);
var paths = Paths.Find();
if (!File.Exists(Path.Combine(paths.PublishedBot, "CohortBot.dll")))
    throw new InvalidOperationException("Publish CohortBot first: bash bench/run does it.");
if (args.Length > 0 && args[0] == "rounds")
{
    // Round delivery (outbound, under the platforms' limits): a suite of its own, never part of "all".
    var roundSettings = CohortBot.Bench.Rounds.RoundSettings.Parse(args[1..]);
    var phases = await new CohortBot.Bench.Rounds.RoundBenchmark(paths, roundSettings).RunAsync();
    var roundReport = new CohortBot.Bench.Rounds.RoundReport(roundSettings, phases);
    Directory.CreateDirectory(paths.Results);
    var roundStamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-rounds";
    var roundMarkdown = roundReport.ToMarkdown();
    File.WriteAllText(Path.Combine(paths.Results, $"{roundStamp}.md"), roundMarkdown);
    File.WriteAllText(Path.Combine(paths.Results, $"{roundStamp}.json"), JsonSerializer.Serialize(roundReport, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine(roundMarkdown);
    Console.Error.WriteLine($"written: bench/results/{roundStamp}.md and .json");
    return;
}
if (args.Length > 0 && args[0] == "search")
{
    // Resource search on a 100,000-resource library (issue 15): a suite of its own, never part of "all".
    await CohortBot.Bench.Search.SearchBenchmark.RunAsync(paths, args[1..]);
    return;
}
if (args.Length > 0 && args[0] == "web")
{
    // The coordinators' web pages on a district of years of rounds (issue 18): a suite of its own, never part of "all".
    await CohortBot.Bench.Web.WebBenchmark.RunAsync(paths, args[1..]);
    return;
}
var settings = BenchSettings.Parse(args);

var report = new Report(Machine.Describe(), settings);
if (settings.Suites.Contains("teams"))
{
    var teams = new TeamsBenchmark(paths, settings);
    await RunInterleavedAsync("teams", [TeamsBenchmark.CohortBotName, TeamsBenchmark.PeerName], teams.RunAsync, report.Teams, run =>
        $"{run.Load.RequestsPerSecond:F0} req/s, p99 {run.Load.P99 / 1000.0:F2} ms, replies {run.Replies} for {run.Load.Requests} answered ({run.Load.Issued} sent), {run.Cores:F2} cores, RSS {run.RssMiB:F0} MiB");
}
if (settings.Suites.Contains("slack"))
{
    var slack = new SlackBenchmark(paths, settings);
    await RunInterleavedAsync("slack", [SlackBenchmark.CohortBotName, SlackBenchmark.PeerName], slack.RunAsync, report.Slack, run =>
        $"at {settings.SlackRate}/s p99 {run.Steady.Load.P99:F2} ms; max rate {run.MaxRate}/s; posts {run.Posts} for {run.UniqueEvents} events ({run.Redeliveries} redeliveries)");
}
if (settings.Suites.Contains("coldstart"))
{
    Console.Error.WriteLine("cold start");
    report.ColdStart = await new ColdStartBenchmark(paths, settings).RunAsync();
}

Directory.CreateDirectory(paths.Results);
var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
var markdown = report.ToMarkdown();
File.WriteAllText(Path.Combine(paths.Results, $"{stamp}.md"), markdown);
File.WriteAllText(Path.Combine(paths.Results, $"{stamp}.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine(markdown);
Console.Error.WriteLine($"written: bench/results/{stamp}.md and .json");

// Each round runs every subject once, in turn, so a slow spell of the machine touches both.
async Task RunInterleavedAsync<TRun>(string suite, string[] subjects, Func<string, int, Task<TRun>> runAsync, List<TRun> results, Func<TRun, string> describe)
{
    for (var round = 1; round <= settings.Rounds; round++)
    {
        foreach (var subject in subjects)
        {
            Console.Error.WriteLine($"{suite}: {subject}, round {round} of {settings.Rounds}");
            var run = await runAsync(subject, round);
            Console.Error.WriteLine("  " + describe(run));
            results.Add(run);
        }
    }
}
