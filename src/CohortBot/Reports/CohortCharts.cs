using System.Globalization;
using CohortBot.CheckIns;

namespace CohortBot.Reports;

/// The charts of a cohort's rounds, shared by the cohort page and the board report.
internal static class CohortCharts
{
    public static IEnumerable<Chart> All(CohortHistory.Figures figures, IReadOnlyList<CohortHistory.RoundFigures> held)
    {
        yield return Participation(figures, held);
        foreach (var chart in Ratings(figures, held))
            yield return chart;
        foreach (var chart in Choices(figures, held))
            yield return chart;
        if (FollowThrough(held) is { } follow)
            yield return follow;
    }

    public static Chart Participation(CohortHistory.Figures figures, IReadOnlyList<CohortHistory.RoundFigures> held)
    {
        var rounds = Labels(held);
        var series = new List<ChartLine> { new("All sites", [.. held.Select(r => r.InvitedCount == 0 ? (double?)null : 100.0 * r.Participation)]) };
        foreach (var site in held.SelectMany(r => r.Totals.Sites.Select(s => s.Site)).Distinct().Order(StringComparer.Ordinal))
            series.Add(new ChartLine(site, [.. held.Select(r => r.SiteParticipation(site) * 100.0)]));
        return Charts.Lines("Participation per check-in", "% of invited who answered", rounds, series, 0, 105, format: "0");
    }

    public static IEnumerable<Chart> Ratings(CohortHistory.Figures figures, IReadOnlyList<CohortHistory.RoundFigures> held) =>
        figures.RatingQuestions.Select(q => Charts.Lines(
            $"{Short(q.Prompt)}: mean and spread",
            "rating, 1 to 5",
            Labels(held),
            [new ChartLine("Mean", [.. held.Select(r => r.Mean(q.Key))])],
            1, 5.3,
            [.. held.Select(r => r.Spread(q.Key))]));

    public static IEnumerable<Chart> Choices(CohortHistory.Figures figures, IReadOnlyList<CohortHistory.RoundFigures> held) =>
        figures.ChoiceQuestions.Select(q => Charts.Lines(
            Short(q.Prompt),
            "teachers who chose it",
            Labels(held),
            [.. q.Choices.Select(c => new ChartLine(c, [.. held.Select(r => (double?)r.Chose(q.Key, c))]))],
            0,
            format: "0"));

    public static Chart? FollowThrough(IReadOnlyList<CohortHistory.RoundFigures> held)
    {
        if (!held.Any(r => r.FollowThroughAsked > 0))
            return null;
        return Charts.Lines("Follow-through on last round's plans", "teachers", Labels(held),
            [.. RoundSummary.FollowThrough.Select(c => new ChartLine(c, [.. held.Select(r => (double?)r.Chose(CheckInForm.FollowedThroughKey, c))]))],
            0, format: "0");
    }

    public static List<string> Labels(IReadOnlyList<CohortHistory.RoundFigures> held) =>
        [.. held.Select(r => r.Round.Number.ToString(CultureInfo.InvariantCulture))];

    /// A question's prompt as a chart title: its first clause.
    private static string Short(string prompt)
    {
        var cut = prompt.IndexOfAny(['(', '?']);
        return (cut > 0 ? prompt[..cut] : prompt).Trim();
    }
}
