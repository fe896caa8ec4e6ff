using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CohortBot.Cohorts;

/// What the welcome card and the Slack Home tab tell a person about themselves: their first name,
/// their cohort, how often and when they are next asked (in their own time zone), their coach.
internal sealed class MemberOverview(CohortDbContext db, TimeProvider time)
{
    public async Task<JsonObject> DescribeAsync(int? memberId, string? platformName, CancellationToken cancellationToken)
    {
        var member = memberId is { } id
            ? await db.Members.AsNoTracking().Include(m => m.Cohorts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            : null;
        var name = member?.DisplayName ?? platformName ?? "";
        var data = new JsonObject
        {
            ["firstName"] = name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "there",
            ["intervalText"] = "two weeks",
        };
        if (member?.Cohorts.OrderBy(c => c.Id).FirstOrDefault() is not { } cohort)
            return data;

        data["cohort"] = cohort.Name;
        data["intervalText"] = cohort.Schedule.IntervalWeeks switch { 1 => "week", 2 => "two weeks", var weeks => $"{weeks} weeks" };
        // The round the schedule planned (school closures and skipped dates already left out), in the member's own time.
        var next = await db.Rounds.AsNoTracking().Where(r => r.CohortId == cohort.Id && r.Status == CheckIns.RoundStatus.Scheduled)
            .OrderBy(r => r.OpensAt).Select(r => (DateOnly?)r.Date).FirstOrDefaultAsync(cancellationToken);
        data["nextCheckIn"] = next is { } date
            ? CheckIns.CheckInCards.When(CheckIns.Scheduling.RoundCalendar.OpensAt(date, cohort.Schedule.LocalTime, member.TimeZone), member.TimeZone)
            : NextCheckIn(cohort.Schedule, member.TimeZone);
        var coach = await db.Members.AsNoTracking()
            .Where(m => m.Role == MemberRole.Coach && m.Cohorts.Any(c => c.Id == cohort.Id))
            .OrderBy(m => m.Id).Select(m => m.DisplayName).FirstOrDefaultAsync(cancellationToken);
        if (coach is not null)
            data["coach"] = coach;
        return data;
    }

    private string NextCheckIn(CohortSchedule schedule, string timeZone)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) ?? DateTimeZone.Utc;
        var now = Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(zone);
        var today = DateOnly.FromDateTime(now.Date.ToDateTimeUnspecified());
        var date = schedule.NextRoundDate(today);
        if (date == today && now.TimeOfDay.ToTimeOnly() >= schedule.LocalTime)
            date = schedule.NextRoundDate(today.AddDays(1));
        return date.ToDateTime(schedule.LocalTime).ToString("dddd, MMMM d 'at' h:mm tt", CultureInfo.GetCultureInfo("en-US"));
    }
}
