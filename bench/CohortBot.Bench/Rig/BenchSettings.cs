using System.Globalization;

namespace CohortBot.Bench.Rig;

/// The knobs of a run, from the command line: <c>teams|slack|coldstart|all [--rounds N] [--duration S] [--warm-up S] [--quick] [--trace]</c>.
internal sealed record BenchSettings
{
    public IReadOnlyList<string> Suites { get; init; } = ["teams", "slack", "coldstart"];

    /// Runs of each bot, interleaved (ours, peer, ours, peer …).
    public int Rounds { get; init; } = 3;

    /// The core the bot under test is pinned to; this program, wrk and the fakes run on core 0.
    public int BotCore { get; init; } = 1;

    public int Connections { get; init; } = 16;

    /// Load before the measured run. On one busy core the .NET JIT needs about two minutes to bring
    /// the hot code to its optimised tier; measured after 5 s, CohortBot ran at half its speed.
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(10);

    public int SlackRate { get; init; } = 200;

    public IReadOnlyList<int> SlackRates { get; init; } = [400, 800, 1200, 1600, 2400, 3200, 4800, 6400, 9600, 12800];

    public double SlackP99LimitMs { get; init; } = 50;

    public int ColdStarts { get; init; } = 5;

    /// Records a CPU profile of CohortBot during each measured run (<c>perf record</c>, Debian's linux-perf).
    public bool Trace { get; init; }

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        var suites = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "teams" or "slack" or "coldstart":
                    suites.Add(args[i]);
                    break;
                case "all":
                    suites.AddRange(["teams", "slack", "coldstart"]);
                    break;
                case "--rounds":
                    settings = settings with { Rounds = int.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--duration":
                    settings = settings with { Duration = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture)) };
                    break;
                case "--warm-up":
                    settings = settings with { WarmUp = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture)) };
                    break;
                case "--connections":
                    settings = settings with { Connections = int.Parse(args[++i], CultureInfo.InvariantCulture) };
                    break;
                case "--trace":
                    settings = settings with { Trace = true };
                    break;
                case "--quick":
                    // A smoke run of the rig itself: figures from it mean nothing.
                    settings = settings with { Rounds = 1, WarmUp = TimeSpan.FromSeconds(5), Duration = TimeSpan.FromSeconds(5), StepDuration = TimeSpan.FromSeconds(3), ColdStarts = 2 };
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: teams|slack|coldstart|all [--rounds N] [--duration SECONDS] [--warm-up SECONDS] [--connections N] [--quick] [--trace]");
            }
        }
        return suites.Count == 0 ? settings : settings with { Suites = suites };
    }
}
