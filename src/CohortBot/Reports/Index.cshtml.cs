using CohortBot.CheckIns;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// The cohorts a coordinator or coach can see: the current round (answered of invited, when it
/// closes) and a sparkline of the last rounds' participation. A teacher goes to their own page.
internal sealed class IndexModel(CohortDbContext db, CohortHistory history, TimeProvider time) : PageModel
{
    private const int RecentRounds = 8;

    public sealed record Row(int Id, string Name, Round? OpenRound, string AnsweredText, string ClosesText, string Sparkline, string RecentText);

    public List<Row> Cohorts { get; } = [];
    public Viewer Viewer { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(User, db, cancellationToken) is not { } viewer)
            return Redirect("/signin");
        if (viewer.Role == CohortBot.Cohorts.MemberRole.Teacher)
            return Redirect($"/members/{viewer.MemberId}");
        Viewer = viewer;
        var now = time.GetUtcNow();
        // The open round and the closed ones before it, for every cohort at once: all the rows draw.
        foreach (var (cohort, rounds) in await history.RecentAsync(viewer.CohortIds, RecentRounds + 1, cancellationToken))
        {
            var open = rounds.LastOrDefault(r => r.Round.Status == RoundStatus.Open);
            var recent = rounds.Where(r => r.Round.Status == RoundStatus.Closed).TakeLast(RecentRounds).Select(r => r.Participation).ToList();
            var recentText = recent.Count == 0 ? "no rounds yet" : $"{CohortHistory.Percent(recent[^1])} last time";
            Cohorts.Add(new Row(
                cohort.Id,
                cohort.Name,
                open?.Round,
                open is null ? "–" : $"{open.AnsweredCount} of {open.InvitedCount}",
                open is null ? "–" : Days(open.Round.ClosesAt - now),
                Charts.Sparkline(recent, $"Participation of the last {recent.Count} rounds of {cohort.Name}: {string.Join(", ", recent.Select(CohortHistory.Percent))}"),
                recentText));
        }
        return Page();
    }

    private static string Days(TimeSpan left) => left.TotalDays switch
    {
        < 0 => "closing now",
        < 1 => "today",
        < 2 => "in 1 day",
        var d => $"in {(int)d} days",
    };
}
