using System.Globalization;

namespace CohortBot.Bench.Search;

/// The knobs of <c>bash bench/run search</c>:
/// <c>search [--resources N] [--cohorts N] [--searches N] [--answers N] [--warm-up SECONDS] [--seed N] [--quick]</c>.
internal sealed record SearchSettings
{
    public const string Usage = "search [--resources N] [--cohorts N] [--searches N] [--answers N] [--warm-up SECONDS] [--seed N] [--quick]";

    /// The library: the 100,000 resources across 50 cohorts.
    public int Resources { get; init; } = 100_000;

    public int Cohorts { get; init; } = 50;

    /// Teachers in each cohort alone; then ten in two cohorts and five in three.
    public int TeachersPerCohort { get; init; } = 2;

    public int TeachersInTwo { get; init; } = 10;

    public int TeachersInThree { get; init; } = 5;

    /// Measured in-process searches (after <see cref="SearchWarmUp"/> unmeasured ones).
    public int Searches { get; init; } = 5_000;

    public int SearchWarmUp { get; init; } = 2_000;

    /// Measured in-process searches over every cohort at once (the worst case: a member of all of them).
    public int AllCohortSearches { get; init; } = 200;

    /// Measured whole answers, one at a time, after <see cref="WarmUp"/> of unmeasured ones.
    public int Answers { get; init; } = 1_000;

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(60);

    /// The least time from one question to the next: 25 a second stays inside Teams' 50 calls a second
    /// per tenant, so the bot's pacing (left at its defaults) never holds an answer back.
    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromMilliseconds(40);

    public int Seed { get; init; } = 20261201;

    /// The core CohortBot is pinned to; the harness, the in-process searches and the fakes run on core 0.
    public int BotCore { get; init; } = 1;

    public bool Quick { get; init; }

    public int ResourcesPerCohort => Resources / Cohorts;

    public static SearchSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new SearchSettings();
        for (var i = 0; i < args.Count; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--resources" => settings with { Resources = Next() },
                "--cohorts" => settings with { Cohorts = Next() },
                "--searches" => settings with { Searches = Next() },
                "--answers" => settings with { Answers = Next() },
                "--warm-up" => settings with { WarmUp = TimeSpan.FromSeconds(Next()) },
                "--seed" => settings with { Seed = Next() },
                // A smoke run of the rig itself: its figures mean nothing.
                "--quick" => settings with { Quick = true, Resources = 10_000, Searches = 500, SearchWarmUp = 200, AllCohortSearches = 50, Answers = 100, WarmUp = TimeSpan.FromSeconds(5) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: {Usage}"),
            };
        }
        if (settings.Cohorts < 3 || settings.Resources < settings.Cohorts)
            throw new ArgumentException("The benchmark needs at least 3 cohorts and a resource for each.");
        return settings;
    }
}
