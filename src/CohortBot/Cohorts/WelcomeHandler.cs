using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CohortBot.Cohorts;

/// The <c>welcome</c> card, the first time someone installs the bot: who we are, their cohort,
/// when the next check-in comes (in their own time zone) and who their coach is.
internal sealed class WelcomeHandler(CohortDbContext db, TimeProvider time) : ITurnHandler
{
    public bool CanHandle(Turn turn) => turn.Kind == TurnKind.Installed;

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = turn.MemberId is { } id
            ? await db.Members.AsNoTracking().Include(m => m.Cohorts).FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            : null;
        var name = member?.DisplayName ?? turn.UserName ?? "";
        var data = new JsonObject
        {
            ["firstName"] = name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "there",
            ["intervalText"] = "two weeks",
        };

        if (member?.Cohorts.OrderBy(c => c.Id).FirstOrDefault() is { } cohort)
        {
            data["cohort"] = cohort.Name;
            data["intervalText"] = cohort.Schedule.IntervalWeeks switch { 1 => "week", 2 => "two weeks", var weeks => $"{weeks} weeks" };
            data["nextCheckIn"] = NextCheckIn(cohort.Schedule, member.TimeZone);
            var coach = await db.Members.AsNoTracking()
                .Where(m => m.Role == MemberRole.Coach && m.Cohorts.Any(c => c.Id == cohort.Id))
                .OrderBy(m => m.Id).Select(m => m.DisplayName).FirstOrDefaultAsync(cancellationToken);
            if (coach is not null)
                data["coach"] = coach;
        }

        return TurnResponse.Reply(new CardMessage("welcome", data, $"Welcome, {data["firstName"]}! I'm CohortBot: I'll check in with you every {data["intervalText"]}."));
    }

    private string NextCheckIn(CohortSchedule schedule, string timeZone)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) ?? DateTimeZone.Utc;
        var now = Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(zone);
        var today = DateOnly.FromDateTime(now.Date.ToDateTimeUnspecified());
        var date = schedule.NextRoundDate(today);
        if (date == today && now.TimeOfDay.ToTimeOnly() >= schedule.LocalTime)
            date = schedule.NextRoundDate(today.AddDays(1));
        var when = date.ToDateTime(schedule.LocalTime);
        return when.ToString("dddd, MMMM d 'at' h:mm tt", CultureInfo.GetCultureInfo("en-US"));
    }
}
