using CohortBot.Bench.Rig;

namespace CohortBot.Bench;

/// Cold start: from process start to <c>/readyz</c> 200, on the embedded default (Development, a
/// fresh SQLite file that is created, migrated and seeded with the demo district, in-memory Hangfire).
internal sealed class ColdStartBenchmark(Paths paths, BenchSettings settings)
{
    public async Task<ColdStartResult> RunAsync()
    {
        var pinned = new List<double>();
        var unpinned = new List<double>();
        for (var i = 0; i < settings.ColdStarts; i++)
        {
            pinned.Add(await StartOnceAsync($"coldstart-pinned-{i}", settings.BotCore));
            unpinned.Add(await StartOnceAsync($"coldstart-{i}", null));
        }
        return new ColdStartResult(pinned, unpinned);
    }

    private async Task<double> StartOnceAsync(string name, int? core)
    {
        var scratch = paths.Scratch(name);
        var subject = Rig.Subject.CohortBot(paths, scratch, new Dictionary<string, string>(), environment: "Development");
        await using var bot = await BotProcess.StartAsync(subject, core, Path.Combine(scratch, "bot.log"));
        return bot.Startup.TotalSeconds;
    }
}

/// Seconds to ready, pinned to one core and free on both.
internal sealed record ColdStartResult(IReadOnlyList<double> PinnedSeconds, IReadOnlyList<double> UnpinnedSeconds);
