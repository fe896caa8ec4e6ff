using System.Globalization;
using System.Text.Json;
using CohortBot.Bench;
using CohortBot.Bench.Rig;
using CohortBot.Bench.Slack;
using CohortBot.Bench.Teams;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
// The harness shares one core with wrk and the fakes: start with enough pool threads not to stall.
ThreadPool.SetMinThreads(32, 32);
var settings = BenchSettings.Parse(args);
var paths = Paths.Find();
if (!File.Exists(Path.Combine(paths.PublishedBot, "CohortBot.dll")))
    throw new InvalidOperationException("Publish CohortBot first: bash bench/run does it.");

var report = new Report(Machine.Describe(), settings);
if (settings.Suites.Contains("teams"))
{
    var teams = new TeamsBenchmark(paths, settings);
    for (var round = 1; round <= settings.Rounds; round++)
    {
        foreach (var subject in new[] { TeamsBenchmark.CohortBotName, TeamsBenchmark.PeerName })
        {
            Console.Error.WriteLine($"teams: {subject}, round {round} of {settings.Rounds}");
            var run = await teams.RunAsync(subject, round);
            Console.Error.WriteLine($"  {run.Load.RequestsPerSecond:F0} req/s, p99 {run.Load.P99 / 1000.0:F2} ms, replies {run.Replies} for {run.Load.Requests} answered ({run.Load.Issued} sent), {run.Cores:F2} cores, RSS {run.RssMiB:F0} MiB");
            report.Teams.Add(run);
        }
    }
}
if (settings.Suites.Contains("slack"))
{
    var slack = new SlackBenchmark(paths, settings);
    for (var round = 1; round <= settings.Rounds; round++)
    {
        foreach (var subject in new[] { SlackBenchmark.CohortBotName, SlackBenchmark.PeerName })
        {
            Console.Error.WriteLine($"slack: {subject}, round {round} of {settings.Rounds}");
            var run = await slack.RunAsync(subject, round);
            Console.Error.WriteLine($"  at {settings.SlackRate}/s p99 {run.Steady.Load.P99:F2} ms; max rate {run.MaxRate}/s; posts {run.Posts} for {run.UniqueEvents} events ({run.Redeliveries} redeliveries)");
            report.Slack.Add(run);
        }
    }
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
