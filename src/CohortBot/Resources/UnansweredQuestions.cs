using CohortBot.CheckIns;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace CohortBot.Resources;

/// A teacher's question that no coach answered in two school days is raised to the coach once
/// more (and counted in the coordinator's <c>status</c>). School days are weekdays the district's
/// calendar does not close, in the cohort's time zone.
internal sealed class UnansweredQuestions(CohortDbContext db, SupportAlerts alerts, TurnPipeline pipeline, TimeProvider time)
{
    public const int SchoolDays = 2;

    public async Task RaiseDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var waiting = await db.SupportRequests.Where(r => r.Question && r.RepliedAt == null && r.RaisedAgainAt == null && r.CreatedAt < now.AddDays(-SchoolDays))
            .OrderBy(r => r.Id).Take(500).ToListAsync(cancellationToken);
        var cohortIds = waiting.Select(r => r.CohortId).Distinct().ToList();
        var cohorts = await db.Cohorts.AsNoTracking().Where(c => cohortIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var districtIds = cohorts.Values.Select(c => c.DistrictId).Distinct().ToList();
        var closures = (await db.SchoolClosures.AsNoTracking().Where(c => districtIds.Contains(c.DistrictId)).ToListAsync(cancellationToken)).ToLookup(c => c.DistrictId);
        foreach (var request in waiting)
        {
            var cohort = cohorts[request.CohortId];
            if (DueAt(request.CreatedAt, cohort.Schedule.TimeZone, [.. closures[cohort.DistrictId]]) <= now)
                await alerts.RaiseAgainAsync(request, cancellationToken);
        }
        await pipeline.CommitAsync(cancellationToken);
    }

    /// When a question asked at <paramref name="asked"/> has waited <see cref="SchoolDays"/> school days: the same local time, that many school days later.
    public static DateTimeOffset DueAt(DateTimeOffset asked, string timeZone, IReadOnlyList<Cohorts.SchoolClosure> closures)
    {
        var zone = LocalTimes.Zone(timeZone);
        var local = LocalTimes.ToInstant(asked).InZone(zone).LocalDateTime;
        var date = local.Date;
        for (var counted = 0; counted < SchoolDays;)
        {
            date = date.PlusDays(1);
            if (date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !closures.Any(c => c.Contains(date.ToDateOnly())))
                counted++;
        }
        return LocalTimes.ToUtc(LocalTimes.Resolve(date + local.TimeOfDay, zone));
    }
}
