using CohortBot.CheckIns;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// One teacher's year: their check-ins with plans and follow-through, the PD sessions they
/// attended, the visits they hosted and made, the resources they found helpful. A teacher sees
/// their own only (a portfolio of their reflections); their coaches and coordinators see theirs.
internal sealed class MemberPageModel(CohortDbContext db, MemberYear years, Cohorts.Privacy.MemberPrivacy privacy) : PageModel
{
    /// Why an erasure was not done, shown beside its form.
    public string? EraseProblem { get; private set; }

    public MemberYear.Year Year { get; private set; } = null!;
    public Chart? Progress { get; private set; }
    public Viewer Viewer { get; private set; } = null!;
    public bool Own => Viewer.MemberId == Year.Member.Id;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var member = await db.Members.AsNoTracking().Include(m => m.Cohorts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (member is null || await Viewer.OfAsync(User, db, cancellationToken) is not { } viewer || !viewer.SeesMember(member))
            return NotFound();
        Viewer = viewer;
        Year = await years.OfAsync(id, cancellationToken);
        var rated = Year.Rounds.Where(r => r.Progress is not null).ToList();
        if (rated.Count > 0)
            Progress = Charts.Lines("Implementation progress", "rating, 1 to 5", [.. rated.Select(r => r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                [new ChartLine("Progress", [.. rated.Select(r => (double?)r.Progress)])], 1, 5.3);
        return Page();
    }

    /// A coordinator erases the member (the privacy tools): they type the member's name to confirm.
    public async Task<IActionResult> OnPostEraseAsync(int id, string? confirm, CancellationToken cancellationToken)
    {
        var member = await db.Members.AsNoTracking().Include(m => m.Cohorts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (member is null || await Viewer.OfAsync(User, db, cancellationToken) is not { IsCoordinator: true } viewer || !viewer.SeesMember(member))
            return NotFound();
        if (!string.Equals(confirm?.Trim(), member.DisplayName, StringComparison.OrdinalIgnoreCase))
        {
            EraseProblem = $"Type {member.DisplayName} exactly to confirm: nothing was erased.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await OnGetAsync(id, cancellationToken);
        }
        var report = await privacy.EraseAsync(id, viewer.MemberId, cancellationToken);
        if (!report.Erased)
        {
            EraseProblem = report.Refusal;
            return await OnGetAsync(id, cancellationToken);
        }
        return Redirect("/?erased=1");
    }

    public static string Text(System.Text.Json.Nodes.JsonObject? answers, string key) => answers?[key]?.ToString() ?? "";

    public static string Followed(System.Text.Json.Nodes.JsonObject? answers) => answers?[CheckInForm.FollowedThroughKey]?.ToString() ?? "";
}
