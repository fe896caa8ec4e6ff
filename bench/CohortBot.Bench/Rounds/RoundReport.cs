using System.Globalization;
using System.Text;
using CohortBot.Bench.Rig;

namespace CohortBot.Bench.Rounds;

/// The round benchmark's figures beside the issue's targets, as Markdown (and the whole as JSON).
internal sealed class RoundReport(RoundSettings settings, List<PhaseResult> phases)
{
    public IReadOnlyDictionary<string, string> Machine { get; } = Describe();

    public RoundSettings Settings => settings;

    public List<PhaseResult> Phases => phases;

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        Line(text, $"Machine: {string.Join(", ", Machine.Select(m => $"{m.Key} {m.Value}"))}.");
        Line(text, $"");
        var teamsLimits = $"{string.Join(", ", LimitedTeamsConnector.TenantRules.Select(r => r.ToString()))} per tenant and {string.Join(", ", LimitedTeamsConnector.ThreadRules.Select(r => r.ToString()))} per thread";
        var channelLimits = string.Join(", ", LimitedSlackApi.ChannelRules.Select(r => r.ToString()));
        var latency = settings.Latency == TimeSpan.Zero ? "at once" : $"after {settings.Latency.TotalMilliseconds:F0} ms";
        Line(text, $"Teams: {settings.TeamsTeachers} teachers; the fake allows {teamsLimits}. Slack: {settings.SlackTeachers} teachers; the fake allows chat.postMessage {settings.SlackPerMinute}/60s per workspace (CohortBot is not told) and {channelLimits} per channel. Every limit is a sliding window over the calls it let through; past it: 429 with Retry-After in whole seconds. The fakes answer {latency}. CohortBot on core {settings.BotCore}, SQLite, Teams:Pacing and Slack:Pacing at their defaults.");
        Line(text, $"");
        Line(text, $"| round | teachers | calls needed (binding limit) | minimum s | time to deliver all, s | beside minimum | of which before the first call, s | first call to last check-in, s (beside minimum) | 429s / calls | lost | duplicated | CPU s (avg cores) | peak RSS MiB |");
        Line(text, $"|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in phases)
        {
            var timedOut = p.TimedOut ? $" (deadline passed, {p.CheckInStatuses.GetValueOrDefault("Pending")} still pending)" : "";
            Line(text, $"| {Name(p)} | {p.Teachers} | {p.CallsNeeded} ({p.BindingLimit}) | {p.MinimumSeconds:F0} | {p.Seconds:F1}{timedOut} | {p.OverMinimum:+0.0%;-0.0%} | {p.FirstCallSeconds:F1} | {p.SendingSeconds:F1} ({p.SendingOverMinimum:+0.0%;-0.0%}) | {p.Throttled} / {p.Calls} ({p.ThrottledShare:0.00%}) | {p.Lost} | {p.DuplicatedTeachers} | {p.CpuSeconds:F1} ({p.Cores:F2}) | {p.PeakRssMiB:F0} |");
        }
        Line(text, $"");
        Line(text, $"The minimum is the calls needed at the limit's sustained rate; a sliding window also lets one window's worth go at once at the start, which would allow {string.Join(", ", phases.Where(p => !p.Killed).Select(p => $"{p.SlidingWindowMinimumSeconds:F0} s ({Name(p)})"))}. Times run from the coordinator's `open` to the fake's acceptance of the last teacher's first check-in.");
        Line(text, $"");

        var killed = phases.Where(p => p.Kill is not null).ToList();
        if (killed.Count > 0)
        {
            Line(text, $"**kill -9 half way, started again at once**");
            Line(text, $"");
            Line(text, $"| round | killed at s (delivered) | ready again after s | sending again, s after ready (after the kill) | check-ins the fake took in the second before the kill | duplicates with their first copy in that second / earlier |");
            Line(text, $"|---|---|---|---|---|---|");
            foreach (var p in killed)
            {
                var k = p.Kill!;
                Line(text, $"| {Name(p)} | {k.KilledAtSeconds:F1} ({k.DeliveredBeforeKill}) | {k.RestartSeconds:F1} | {Maybe(k.ResumedAfterReadySeconds)} ({Maybe(k.ResumedAfterKillSeconds)}) | {k.DeliveredInLastSecond} | {k.DuplicatesFromLastSecond} / {k.DuplicatesFromEarlier} |");
            }
            Line(text, $"");
        }

        Line(text, $"| round | check-in deliveries in the app at the end | calls let through, by kind | answered 429, by kind | `open` answered after s |");
        Line(text, $"|---|---|---|---|---|");
        foreach (var p in phases)
        {
            Line(text, $"| {Name(p)} | {Counts(p.CheckInStatuses)} | {Counts(p.AcceptedByKind)} | {Counts(p.ThrottledByKind)} | {p.OpenRequestSeconds:F1} |");
        }
        Line(text, $"");

        Line(text, $"**Targets**");
        Line(text, $"");
        Line(text, $"| round | target | result | met |");
        Line(text, $"|---|---|---|---|");
        foreach (var p in phases)
        {
            if (p.Kill is not { } k)
            {
                Target(text, p, "within 3% of the minimum", $"{p.Seconds:F1} s against {p.MinimumSeconds:F0} s ({p.OverMinimum:+0.0%;-0.0%})", !p.TimedOut && p.OverMinimum <= 0.03);
                Target(text, p, "at most 1% of calls answered 429", $"{p.ThrottledShare:0.00%} ({p.Throttled} of {p.Calls})", p.ThrottledShare <= 0.01);
                Target(text, p, "zero lost, zero duplicated", $"lost {p.Lost}, duplicated {p.DuplicatedTeachers}", p.Lost == 0 && p.DuplicatedTeachers == 0);
            }
            else
            {
                Target(text, p, "zero lost", $"lost {p.Lost}", p.Lost == 0);
                Target(text, p, "sending resumed within a minute of the restart", $"{Maybe(k.ResumedAfterReadySeconds)} s after ready", k.ResumedAfterReadySeconds is <= 60);
                var pending = p.CheckInStatuses.GetValueOrDefault("Pending");
                var unwatched = pending > 0 ? $"; {pending} still pending when watching stopped, whose copies would come later" : "";
                Line(text, $"| {Name(p)} | duplicates only among the sends in flight at the kill (at most one second's worth) | {p.DuplicatedTeachers} duplicated ({k.DuplicatesFromLastSecond} from the last second, {k.DuplicatesFromEarlier} earlier); {k.DeliveredInLastSecond} check-ins in that second{unwatched} | {(pending > 0 ? "not known" : k.DuplicatesFromEarlier == 0 && p.DuplicatedTeachers <= Math.Max(k.DeliveredInLastSecond, 1) ? "yes" : "**no**")} |");
            }
        }
        Line(text, $"");
        return text.ToString();
    }

    private static void Target(StringBuilder text, PhaseResult p, string target, string result, bool met) =>
        Line(text, $"| {Name(p)} | {target} | {result} | {(met ? "yes" : "**no**")} |");

    private static string Name(PhaseResult p) => $"{p.Platform}, {p.Scenario}{(p.Killed ? ", kill -9" : "")}";

    private static string Counts(Dictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => FormattableString.Invariant($"{s.Key} {s.Value}")));

    private static string Maybe(double? value) => value?.ToString("F1", CultureInfo.InvariantCulture) ?? "never";

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
