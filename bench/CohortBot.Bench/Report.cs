using System.Globalization;
using System.Text;
using CohortBot.Bench.Rig;
using CohortBot.Bench.Slack;
using CohortBot.Bench.Teams;

namespace CohortBot.Bench;

/// Everything one invocation measured, and its Markdown summary (medians of the rounds with their range).
internal sealed class Report(IReadOnlyDictionary<string, string> machine, BenchSettings settings)
{
    public IReadOnlyDictionary<string, string> Machine => machine;

    public List<TeamsRun> Teams { get; } = [];

    public List<SlackRun> Slack { get; } = [];

    public ColdStartResult? ColdStart { get; set; }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("Machine: " + string.Join(", ", machine.Select(m => $"{m.Key} {m.Value}")) + ".");
        text.AppendLine();
        if (Teams.Count > 0)
            AppendTeams(text);
        if (Slack.Count > 0)
            AppendSlack(text);
        if (ColdStart is { } cold)
        {
            text.AppendLine(Line($"### Cold start to /readyz 200 (embedded default, {cold.PinnedSeconds.Count} starts each)"));
            text.AppendLine();
            text.AppendLine("| | seconds, median (range) |");
            text.AppendLine("|---|---|");
            text.AppendLine(Line($"| pinned to one core | {Stats.MedianAndRange(cold.PinnedSeconds, "F2")} |"));
            text.AppendLine(Line($"| both cores | {Stats.MedianAndRange(cold.UnpinnedSeconds, "F2")} |"));
            text.AppendLine();
        }
        return text.ToString();
    }

    private void AppendTeams(StringBuilder text)
    {
        var ours = Teams.Where(r => r.Subject == TeamsBenchmark.CohortBotName).ToList();
        var peer = Teams.Where(r => r.Subject == TeamsBenchmark.PeerName).ToList();
        text.AppendLine(Line($"### Teams: {settings.Connections} connections, {settings.Duration.TotalSeconds:F0} s after a {settings.WarmUp.TotalSeconds:F0} s warm-up, bot on one core; median of {ours.Count} interleaved runs (range)"));
        text.AppendLine();
        text.AppendLine(Line($"| | {TeamsBenchmark.CohortBotName} | {TeamsBenchmark.PeerName} | ratio |"));
        text.AppendLine("|---|---|---|---|");
        Row(text, "requests/s", ours, peer, r => r.Load.RequestsPerSecond, "F0", higherIsBetter: true);
        Row(text, "p50 ms", ours, peer, r => r.Load.P50 / 1000.0, "F2", higherIsBetter: false);
        Row(text, "p90 ms", ours, peer, r => r.Load.P90 / 1000.0, "F2", higherIsBetter: false);
        Row(text, "p99 ms", ours, peer, r => r.Load.P99 / 1000.0, "F2", higherIsBetter: false);
        Row(text, "CPU (cores)", ours, peer, r => r.Cores, "F2", higherIsBetter: null);
        Row(text, "RSS after the run, MiB", ours, peer, r => r.RssMiB, "F0", higherIsBetter: null);
        Row(text, "peak RSS, MiB", ours, peer, r => r.PeakRssMiB, "F0", higherIsBetter: null);
        text.AppendLine();
        text.AppendLine("| run | requests answered (sent) | non-2xx + socket errors | replies (distinct) | metadata / keys / token fetches |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var run in Teams)
            text.AppendLine(Line($"| {run.Subject} #{run.Round} | {run.Load.Requests} ({run.Load.Issued}) | {run.Load.StatusErrors + run.Load.SocketErrors + run.Load.Timeouts} | {run.Replies} ({run.DistinctReplies}) | {run.MetadataFetches} / {run.KeyFetches} / {run.TokenRequests} |"));
        text.AppendLine();
    }

    private void AppendSlack(StringBuilder text)
    {
        var ours = Slack.Where(r => r.Subject == SlackBenchmark.CohortBotName).ToList();
        var peer = Slack.Where(r => r.Subject == SlackBenchmark.PeerName).ToList();
        text.AppendLine(Line($"### Slack: open loop, events : commands 3 : 1, {settings.SlackRate} req/s for {settings.Duration.TotalSeconds:F0} s after a {settings.WarmUp.TotalSeconds:F0} s warm-up at that rate, then {settings.StepDuration.TotalSeconds:F0} s steps; median of {ours.Count} interleaved runs (range)"));
        text.AppendLine();
        text.AppendLine(Line($"| | {SlackBenchmark.CohortBotName} | {SlackBenchmark.PeerName} | ratio |"));
        text.AppendLine("|---|---|---|---|");
        Row(text, $"p50 ms at {settings.SlackRate}/s", ours, peer, r => r.Steady.Load.P50, "F2", higherIsBetter: false);
        Row(text, $"p90 ms at {settings.SlackRate}/s", ours, peer, r => r.Steady.Load.P90, "F2", higherIsBetter: false);
        Row(text, $"p99 ms at {settings.SlackRate}/s", ours, peer, r => r.Steady.Load.P99, "F2", higherIsBetter: false);
        Row(text, $"max ms at {settings.SlackRate}/s", ours, peer, r => r.Steady.Load.Max, "F2", higherIsBetter: false);
        Row(text, $"CPU (cores) at {settings.SlackRate}/s", ours, peer, r => r.Steady.Cores, "F2", higherIsBetter: null);
        Row(text, $"highest rate with p99 < {settings.SlackP99LimitMs:F0} ms, req/s", ours, peer, r => r.MaxRate, "F0", higherIsBetter: true);
        Row(text, "peak RSS, MiB", ours, peer, r => r.PeakRssMiB, "F0", higherIsBetter: null);
        text.AppendLine();
        text.AppendLine("| run | events (redeliveries) | chat.postMessage | exactly once | steps: rate → p99 ms (cores, generator late p99 ms) |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var run in Slack)
        {
            var steps = string.Join("; ", run.Steps.Select(s => Line($"{s.Load.Rate} → {s.Load.P99:F1}{(s.Load.Failed > 0 ? $" ({s.Load.Failed} failed)" : "")} ({s.Cores:F2}, {s.Load.GeneratorLateP99:F1})")));
            text.AppendLine(Line($"| {run.Subject} #{run.Round} | {run.UniqueEvents} ({run.Redeliveries}) | {run.Posts} | {(run.ExactlyOnce ? "yes" : "no")} | {steps} |"));
        }
        text.AppendLine();
    }

    private static void Row<T>(StringBuilder text, string name, List<T> ours, List<T> peer, Func<T, double> value, string format, bool? higherIsBetter)
    {
        var ratio = higherIsBetter switch
        {
            true => Stats.Median(ours.Select(value)) / Stats.Median(peer.Select(value)),
            false => Stats.Median(peer.Select(value)) / Stats.Median(ours.Select(value)),
            null => double.NaN,
        };
        var shown = double.IsNaN(ratio) || double.IsInfinity(ratio) ? "" : ratio.ToString("F1", CultureInfo.InvariantCulture) + " x";
        text.AppendLine(Line($"| {name} | {Stats.MedianAndRange(ours.Select(value), format)} | {Stats.MedianAndRange(peer.Select(value), format)} | {shown} |"));
    }

    private static string Line(FormattableString line) => line.ToString(CultureInfo.InvariantCulture);
}
