using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Series;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// One teacher's year in one place: the check-ins they answered and how their implementation
/// progressed, the PD sessions they attended, the classroom visits they hosted and made, and the
/// resources they found helpful. What <c>member NAME</c> shows coaches and coordinators in chat.
internal sealed class MemberYear(CohortDbContext db, TimeProvider time)
{
    public sealed record Round(int Number, DateOnly Date, bool Answered, int? Progress, string? Plan, JsonObject? Answers);

    public sealed record Reflection(string Session, int Usefulness, string? TryFirst, DateTimeOffset At);

    public sealed record SeriesLine(string Title, int Attended, int Held, int Total, int Minutes, bool Answered, bool CommittedToAll);

    public sealed record Visit(string Model, DateTimeOffset StartsAt, string With, int Visitors);

    public sealed record Year(Member Member, IReadOnlyList<string> Cohorts, IReadOnlyList<Round> Rounds, IReadOnlyList<SeriesLine> Series, IReadOnlyList<Visit> Hosted, IReadOnlyList<Visit> Made, IReadOnlyList<string> Helpful, int SupportRequests, IReadOnlyList<Reflection> Reflections);

    /// Since when a year is counted: the last twelve months.
    public async Task<Year> OfAsync(int memberId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = now.AddYears(-1);
        var member = await db.Members.AsNoTracking().Include(m => m.Site).Include(m => m.Cohorts).SingleAsync(m => m.Id == memberId, cancellationToken);
        var cohortIds = member.Cohorts.Select(c => c.Id).ToList();

        var rounds = await db.Rounds.AsNoTracking().Where(r => cohortIds.Contains(r.CohortId) && r.Status != RoundStatus.Scheduled && r.OpenedAt >= since)
            .OrderBy(r => r.OpenedAt).Select(r => new { r.Id, r.Number, r.Date }).ToListAsync(cancellationToken);
        var roundIds = rounds.Select(r => r.Id).ToList();
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.MemberId == memberId && roundIds.Contains(c.RoundId)).ToListAsync(cancellationToken);
        var roundLines = rounds.Select(r =>
        {
            var answers = checkIns.FirstOrDefault(c => c.RoundId == r.Id) is { } c ? JsonNode.Parse(c.AnswersJson) as JsonObject : null;
            var progress = int.TryParse(answers?["progress"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (int?)null;
            return new Round(r.Number, r.Date, answers is not null, progress, answers?[CheckInForm.NextStepKey]?.ToString() is { Length: > 0 } plan ? plan : null, answers);
        }).ToList();

        var series = await db.Series.AsNoTracking().Include(s => s.Sessions).Where(s => cohortIds.Contains(s.CohortId) && s.PublishedAt != null).ToListAsync(cancellationToken);
        var attended = await db.Attendance.AsNoTracking().Where(a => a.MemberId == memberId).Select(a => a.SessionId).ToListAsync(cancellationToken);
        var commitments = await db.Commitments.AsNoTracking().Where(c => c.MemberId == memberId).ToListAsync(cancellationToken);
        var seriesLines = series.Select(s =>
        {
            var mine = s.Sessions.Where(x => attended.Contains(x.Id)).ToList();
            var commitment = commitments.FirstOrDefault(c => c.SeriesId == s.Id);
            return new SeriesLine(s.Title, mine.Count, s.Sessions.Count(x => x.EndsAt <= now), s.Sessions.Count, mine.Sum(x => x.Minutes), commitment is not null, commitment?.CommitsToAll == true);
        }).ToList();

        var hosted = await db.VisitSlots.AsNoTracking().Where(v => v.HostId == memberId && v.CancelledAt == null && v.StartsAt >= since)
            .OrderBy(v => v.StartsAt).Select(v => new Visit(v.Model, v.StartsAt, "", v.BookedSeats)).ToListAsync(cancellationToken);
        var made = await db.VisitBookings.AsNoTracking().Where(b => b.VisitorId == memberId && b.CancelledAt == null && b.Slot!.StartsAt >= since)
            .OrderBy(b => b.Slot!.StartsAt).Select(b => new Visit(b.Slot!.Model, b.Slot.StartsAt, b.Slot.Host!.DisplayName, 0)).ToListAsync(cancellationToken);
        var helpful = await db.ResourceVotes.AsNoTracking().Where(v => v.MemberId == memberId && v.Helpful && v.At >= since)
            .Join(db.Resources, v => v.ResourceId, r => r.Id, (v, r) => r.Title).Distinct().Take(10).ToListAsync(cancellationToken);
        var support = await db.SupportRequests.CountAsync(r => r.MemberId == memberId && r.CreatedAt >= since, cancellationToken);
        var reflections = await db.SessionReflections.AsNoTracking().Where(r => r.MemberId == memberId && r.SubmittedAt >= since).OrderBy(r => r.SubmittedAt)
            .Select(r => new Reflection(r.Session!.Title, r.Usefulness, r.TryFirst, r.SubmittedAt)).ToListAsync(cancellationToken);
        return new Year(member, [.. member.Cohorts.Select(c => c.Name)], roundLines, seriesLines, hosted, made, helpful, support, reflections);
    }

    /// The <c>member NAME</c> card (a notice-like card of facts), with times in the reader's zone.
    public static Turns.CardMessage Card(Year year, string viewerTimeZone)
    {
        var answered = year.Rounds.Count(r => r.Answered);
        var ratings = year.Rounds.Where(r => r.Progress is not null).Select(r => r.Progress!.Value.ToString(CultureInfo.InvariantCulture)).ToList();
        var facts = new JsonArray
        {
            Fact("Check-ins", year.Rounds.Count == 0 ? "none yet" : $"{answered} of {year.Rounds.Count} answered"),
            Fact("Progress (1-5)", ratings.Count == 0 ? "no ratings yet" : string.Join(" → ", ratings.TakeLast(8))),
        };
        foreach (var s in year.Series)
            facts.Add(Fact(s.Title, $"{s.Attended} of {s.Held} sessions held attended ({s.Total} in all), {s.Minutes / 60m:0.#} PD hours; {(!s.Answered ? "not answered the commitment" : s.CommittedToAll ? "committed to all" : "said they would miss some")}"));
        facts.Add(Fact("Visits hosted", year.Hosted.Count == 0 ? "none yet" : string.Join("; ", year.Hosted.Select(v => $"{v.Model}, {CheckInCards.When(v.StartsAt, viewerTimeZone)} ({v.Visitors} visitor{(v.Visitors == 1 ? "" : "s")})"))));
        facts.Add(Fact("Visits made", year.Made.Count == 0 ? "none yet" : string.Join("; ", year.Made.Select(v => $"{v.Model} with {v.With}, {CheckInCards.When(v.StartsAt, viewerTimeZone)}"))));
        facts.Add(Fact("Asked a coach", year.SupportRequests.ToString(CultureInfo.InvariantCulture)));
        if (year.Helpful.Count > 0)
            facts.Add(Fact("Found helpful", string.Join("; ", year.Helpful)));
        var lastPlan = year.Rounds.LastOrDefault(r => r.Plan is not null)?.Plan;
        var data = new JsonObject
        {
            ["name"] = year.Member.DisplayName,
            ["subtitle"] = string.Join(" · ", new[] { year.Member.Site?.Name, string.Join(", ", year.Cohorts) }.Where(s => !string.IsNullOrEmpty(s))),
            ["facts"] = facts,
        };
        if (lastPlan is not null)
            data["lastPlan"] = lastPlan;
        return new Turns.CardMessage("member-year", data, $"{year.Member.DisplayName}: {answered} of {year.Rounds.Count} check-ins answered, {year.Series.Sum(s => s.Attended)} PD sessions attended, {year.Hosted.Count} visits hosted, {year.Made.Count} made.");
    }

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };
}
