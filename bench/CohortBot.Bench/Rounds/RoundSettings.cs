using System.Globalization;

namespace CohortBot.Bench.Rounds;

/// The knobs of <c>bash bench/run rounds</c>:
/// <c>rounds [--teachers N] [--slack-teachers N] [--slack-limit PER_MINUTE] [--only teams|slack] [--no-kill] [--kill-only] [--deadline-minutes M] [--latency-ms MS]</c>.
internal sealed record RoundSettings
{
    /// Teachers of the Teams cohort (the 10,000).
    public int TeamsTeachers { get; init; } = 10_000;

    /// Teachers of the Slack cohort (the 2,000).
    public int SlackTeachers { get; init; } = 2_000;

    /// The fake's workspace-wide chat.postMessage limit per minute, which CohortBot is not told.
    public int SlackPerMinute { get; init; } = 300;

    public bool Teams { get; init; } = true;

    public bool Slack { get; init; } = true;

    /// Runs without a kill.
    public bool Clean { get; init; } = true;

    /// Runs with a kill -9 half way and a restart.
    public bool Kill { get; init; } = true;

    /// How long a phase may take beyond its minimum and the open (or, killed, beyond the kill and half
    /// its minimum) before what is missing counts as lost and what is pending stays unwatched.
    public TimeSpan Grace { get; init; } = TimeSpan.FromMinutes(10);

    /// How long the fakes take to answer each call (0: at once).
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    /// The core CohortBot is pinned to; the harness and the fakes run on core 0.
    public int BotCore { get; init; } = 1;

    public static RoundSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new RoundSettings();
        for (var i = 0; i < args.Count; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--teachers" => settings with { TeamsTeachers = Next() },
                "--slack-teachers" => settings with { SlackTeachers = Next() },
                "--slack-limit" => settings with { SlackPerMinute = Next() },
                "--only" => args[++i] switch
                {
                    "teams" => settings with { Slack = false },
                    "slack" => settings with { Teams = false },
                    var other => throw new ArgumentException($"--only takes teams or slack, not '{other}'."),
                },
                "--no-kill" => settings with { Kill = false },
                "--kill-only" => settings with { Clean = false },
                "--deadline-minutes" => settings with { Grace = TimeSpan.FromMinutes(Next()) },
                "--latency-ms" => settings with { Latency = TimeSpan.FromMilliseconds(Next()) },
                _ => throw new ArgumentException(
                    $"Unknown argument '{args[i]}'. Usage: rounds [--teachers N] [--slack-teachers N] [--slack-limit PER_MINUTE] [--only teams|slack] [--no-kill] [--kill-only] [--deadline-minutes M] [--latency-ms MS]"),
            };
        }
        if (settings.TeamsTeachers < 2 || settings.SlackTeachers < 2)
            throw new ArgumentException("A cohort needs at least 2 teachers (one is killed half way).");
        return settings;
    }
}
