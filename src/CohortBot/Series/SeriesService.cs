using System.Text.Json;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Series;

/// What a PD series does: publishing asks each teacher to commit; before each session those who
/// will be there are reminded; at its start the facilitator gets the attendance card; at its end
/// those who attended get the reflection card. The sessions' times and <see cref="SessionStep"/>
/// say what is due and what ran; each step is saved with the messages it writes, and the
/// deliveries' keys (<c>session:{id}/member:{id}/…</c>) make a step that runs twice write nothing twice.
internal sealed class SeriesService(CohortDbContext db, OutboxWriter outbox, SupportAlerts support, TimeProvider time, ILogger<SeriesService> logger)
{
    /// How long after a session its attendance may still be saved from the card.
    public static readonly TimeSpan AttendanceWindow = TimeSpan.FromDays(14);

    public Task<PdSeries?> SeriesOfAsync(int cohortId, CancellationToken cancellationToken) =>
        db.Series.Include(s => s.Sessions).ThenInclude(s => s.Facilitator).AsSplitQuery().FirstOrDefaultAsync(s => s.CohortId == cohortId, cancellationToken);

    public Task<PdSeries?> FindAsync(int seriesId, CancellationToken cancellationToken) =>
        db.Series.Include(s => s.Sessions).Include(s => s.Cohort).ThenInclude(c => c!.Members).AsSplitQuery().FirstOrDefaultAsync(s => s.Id == seriesId, cancellationToken);

    /// Publishes the series (once; publishing again asks only the teachers who have not had the
    /// card, such as those who joined since). Returns how many teachers were asked now, and how
    /// many of those are in their quiet hours (their card waits until those end).
    public async Task<(int Asked, int Held)> PublishAsync(Cohort cohort, PdSeries series, string actor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var first = series.PublishedAt is null;
        series.PublishedAt ??= now;
        if (first)
        {
            // Sessions already over when it is published remind and ask nobody.
            foreach (var past in series.Sessions.Where(s => s.EndsAt <= now))
            {
                foreach (var (kind, offset) in Steps(series))
                    db.SessionSteps.Add(new SessionStep { SessionId = past.Id, Kind = kind, OffsetMinutes = offset, DoneAt = now });
            }
        }

        var answered = await db.Commitments.Where(c => c.SeriesId == series.Id).Select(c => c.MemberId).ToListAsync(cancellationToken);
        var asked = 0;
        if (now < SeriesCards.FirstStart(series))
        {
            foreach (var teacher in RoundService.Teachers(cohort).Where(t => !answered.Contains(t.Id)))
            {
                var notBefore = RoundService.Quiet(cohort).NextAllowed(now, teacher.TimeZone);
                if (outbox.ToMember($"series:{series.Id}/member:{teacher.Id}/commit", teacher.Id, SeriesCards.Commit(series, cohort, teacher), notBefore > now ? notBefore : null) is not null)
                    asked++;
            }
        }
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "series.publish",
            Subject = cohort.Name,
            DistrictId = cohort.DistrictId,
            DetailsJson = JsonSerializer.Serialize(new { series = series.Id, asked }),
        });
        var written = (await outbox.SaveAsync(cancellationToken)).Where(d => d.IdempotencyKey.EndsWith("/commit", StringComparison.Ordinal)).ToList();
        return (written.Count, written.Count(d => d.NotBefore > now));
    }

    /// Records a teacher's answer (none missing: all sessions). A teacher who cannot make some is
    /// the coaches' to know, with their reason.
    public async Task<SeriesCommitment> AnswerAsync(PdSeries series, Cohort cohort, Member teacher, List<int> missing, string? reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var commitment = await db.Commitments.FirstOrDefaultAsync(c => c.SeriesId == series.Id && c.MemberId == teacher.Id, cancellationToken);
        if (commitment is null)
        {
            commitment = db.Commitments.Add(new SeriesCommitment { SeriesId = series.Id, MemberId = teacher.Id, AnsweredAt = now }).Entity;
        }
        else
        {
            commitment.EditedAt = now;
        }
        var changed = !commitment.MissingSessionIds.Order().SequenceEqual(missing.Order()) || commitment.Reason != reason;
        commitment.MissingSessionIds = [.. missing.Distinct().Order()];
        commitment.Reason = missing.Count == 0 ? null : reason;

        if (missing.Count > 0 && changed)
        {
            var sessions = SeriesCards.Ordered(series).Where(s => missing.Contains(s.Id)).Select(s => $"{s.Position} ({s.Title})").ToList();
            var text = $"{teacher.DisplayName} can't make session{(sessions.Count == 1 ? "" : "s")} {string.Join(", ", sessions)} of {series.Title}."
                + (string.IsNullOrWhiteSpace(reason) ? "" : $" Why: \"{reason.Trim()}\"");
            foreach (var coach in await support.CoachesAsync(cohort, cancellationToken))
                outbox.ToMember($"series:{series.Id}/member:{teacher.Id}/missing:{now.UtcTicks}/to:{coach.Id}", coach.Id, CheckInCards.Notice(text));
        }
        await outbox.SaveAsync(cancellationToken);
        return commitment;
    }

    /// Runs what the sessions' times made due: the series' minutely job.
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var horizon = now + CheckIns.Scheduling.ReminderPlan.MaxOffset;
        var since = now - TimeSpan.FromDays(2);
        var sessions = await db.Sessions.Where(s => s.Series!.PublishedAt != null && s.StartsAt <= horizon && s.EndsAt >= since)
            .Select(s => new { s.Id, s.SeriesId }).ToListAsync(cancellationToken);
        foreach (var group in sessions.GroupBy(s => s.SeriesId))
        {
            var done = await db.SessionSteps.Where(d => group.Select(s => s.Id).Contains(d.SessionId)).Select(d => new { d.SessionId, d.Kind, d.OffsetMinutes }).ToListAsync(cancellationToken);
            var series = await FindAsync(group.Key, cancellationToken);
            if (series is null)
                continue;
            foreach (var session in series.Sessions.Where(s => group.Any(g => g.Id == s.Id)))
            {
                foreach (var (kind, offset) in Steps(series))
                {
                    if (done.Any(d => d.SessionId == session.Id && d.Kind == kind && d.OffsetMinutes == offset) || DueAt(session, kind, offset) > now)
                        continue;
                    await RunStepAsync(series, session, kind, offset, now, cancellationToken);
                }
            }
        }
    }

    private async Task RunStepAsync(PdSeries series, PdSession session, SessionStepKind kind, int offset, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cohort = series.Cohort!;
        var quiet = RoundService.Quiet(cohort);
        switch (kind)
        {
            case SessionStepKind.Remind when now < session.StartsAt:
                var declined = await DeclinedAsync(series.Id, session.Id, cancellationToken);
                foreach (var teacher in RoundService.Teachers(cohort).Where(t => !declined.Contains(t.Id)))
                {
                    var at = quiet.NextAllowed(now, teacher.TimeZone);
                    if (at < session.StartsAt)
                        outbox.ToMember($"session:{session.Id}/member:{teacher.Id}/remind:{offset}m", teacher.Id, SeriesCards.Reminder(series, session, teacher, offset), at > now ? at : null);
                }
                break;
            case SessionStepKind.Attendance:
                foreach (var taker in await AttendanceTakersAsync(session, cohort, cancellationToken))
                    outbox.ToMember($"session:{session.Id}/attendance/to:{taker.Id}", taker.Id, await AttendanceCardAsync(series, session, taker.TimeZone, null, cancellationToken));
                break;
            case SessionStepKind.Reflect:
                AskToReflect(session, cohort, await db.Attendance.Where(a => a.SessionId == session.Id).Select(a => a.MemberId).ToListAsync(cancellationToken), now);
                break;
        }
        db.SessionSteps.Add(new SessionStep { SessionId = session.Id, Kind = kind, OffsetMinutes = offset, DoneAt = now });
        try
        {
            await outbox.SaveAsync(cancellationToken);
            Log.SessionStepRan(logger, session.Id, kind, offset);
        }
        catch (DbUpdateException)
        {
            // Another instance ran the step first: its marker and messages stand.
            db.ChangeTracker.Clear();
        }
    }

    /// Who takes attendance: the facilitator, else the cohort's coaches (else its coordinators).
    public async Task<List<Member>> AttendanceTakersAsync(PdSession session, Cohort cohort, CancellationToken cancellationToken) =>
        session.FacilitatorId is { } id && await db.Members.FirstOrDefaultAsync(m => m.Id == id, cancellationToken) is { } facilitator
            ? [facilitator]
            : await support.CoachesAsync(cohort, cancellationToken);

    /// Whether <paramref name="member"/> may take the session's attendance.
    public async Task<bool> MayTakeAttendanceAsync(PdSession session, Cohort cohort, Member member, CancellationToken cancellationToken) =>
        session.FacilitatorId == member.Id
        || member.Role == MemberRole.Coach && cohort.Members.Any(m => m.Id == member.Id)
        || member.Role == MemberRole.Coordinator && member.DistrictId == cohort.DistrictId
        || (await AttendanceTakersAsync(session, cohort, cancellationToken)).Any(m => m.Id == member.Id);

    public async Task<CardMessage> AttendanceCardAsync(PdSeries series, PdSession session, string viewerTimeZone, string? note, CancellationToken cancellationToken)
    {
        var present = await db.Attendance.AsNoTracking().Where(a => a.SessionId == session.Id).ToListAsync(cancellationToken);
        var declined = await DeclinedAsync(series.Id, session.Id, cancellationToken);
        return SeriesCards.Attendance(series, session, [.. RoundService.Teachers(series.Cohort!)], present, declined, viewerTimeZone, note);
    }

    /// Saves the attendance card: those ticked are present, those who were shown ticked and no
    /// longer are were not (a teacher who checked in with the code since the card was drawn stays).
    /// Returns how many are present now. Once the session is over, those newly present are asked to reflect.
    public async Task<int> RecordAttendanceAsync(PdSession session, Cohort cohort, Member recorder, IReadOnlyCollection<int> present, IReadOnlyCollection<int> shown, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var teachers = RoundService.Teachers(cohort).Select(t => t.Id).ToHashSet();
        var existing = await db.Attendance.Where(a => a.SessionId == session.Id).ToListAsync(cancellationToken);
        var added = present.Where(id => teachers.Contains(id) && existing.All(a => a.MemberId != id)).Distinct().ToList();
        foreach (var id in added)
            db.Attendance.Add(new SessionAttendance { SessionId = session.Id, MemberId = id, Source = AttendanceSource.Card, RecordedById = recorder.Id, RecordedAt = now });
        db.Attendance.RemoveRange(existing.Where(a => shown.Contains(a.MemberId) && !present.Contains(a.MemberId)));
        if (now >= session.EndsAt && await db.SessionSteps.AnyAsync(s => s.SessionId == session.Id && s.Kind == SessionStepKind.Reflect, cancellationToken))
            AskToReflect(session, cohort, added, now);
        await outbox.SaveAsync(cancellationToken);
        return await db.Attendance.CountAsync(a => a.SessionId == session.Id, cancellationToken);
    }

    /// A teacher's own check-in with the code the facilitator shows, during the session only.
    public async Task<string> CheckInWithCodeAsync(Member teacher, string code, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var running = await db.Sessions.Include(s => s.Series)
            .Where(s => s.Series!.PublishedAt != null && s.StartsAt <= now && now <= s.EndsAt && db.Cohorts.Any(c => c.Id == s.Series.CohortId && c.Members.Any(m => m.Id == teacher.Id)))
            .ToListAsync(cancellationToken);
        if (running.Count == 0)
            return "No PD session of yours is going on right now: a code works only during its session.";
        var session = running.FirstOrDefault(s => s.Code == code.Trim());
        if (session is null)
            return running.Count == 1
                ? $"That is not the code of {running[0].Title}: check the code the facilitator shows, and write \"here\" and the code again."
                : "That is not the code of a session going on now: check the code the facilitator shows, and write \"here\" and the code again.";
        if (await db.Attendance.AnyAsync(a => a.SessionId == session.Id && a.MemberId == teacher.Id, cancellationToken))
            return $"You're already checked in to {session.Title}.";
        db.Attendance.Add(new SessionAttendance { SessionId = session.Id, MemberId = teacher.Id, Source = AttendanceSource.Code, RecordedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Ticked by the facilitator at the same moment: one attendance either way.
            db.ChangeTracker.Clear();
        }
        return $"You're checked in to {session.Title}. Welcome!";
    }

    /// Stores (or changes) an attendee's reflection; what they will try first becomes their plan for the next check-in.
    public async Task ReflectAsync(PdSession session, Member teacher, int useful, string? tryFirst, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reflection = await db.SessionReflections.FirstOrDefaultAsync(r => r.SessionId == session.Id && r.MemberId == teacher.Id, cancellationToken)
            ?? db.SessionReflections.Add(new SessionReflection { SessionId = session.Id, MemberId = teacher.Id }).Entity;
        reflection.Usefulness = useful;
        reflection.TryFirst = string.IsNullOrWhiteSpace(tryFirst) ? null : tryFirst.Trim();
        reflection.SubmittedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// The sessions each teacher said they cannot make, for a series.
    public async Task<HashSet<int>> DeclinedAsync(int seriesId, int sessionId, CancellationToken cancellationToken)
    {
        var commitments = await db.Commitments.AsNoTracking().Where(c => c.SeriesId == seriesId).ToListAsync(cancellationToken);
        return [.. commitments.Where(c => c.MissingSessionIds.Contains(sessionId)).Select(c => c.MemberId)];
    }

    private void AskToReflect(PdSession session, Cohort cohort, List<int> attendees, DateTimeOffset now)
    {
        var quiet = RoundService.Quiet(cohort);
        foreach (var teacher in cohort.Members.Where(m => attendees.Contains(m.Id)))
        {
            var at = quiet.NextAllowed(now, teacher.TimeZone);
            outbox.ToMember($"session:{session.Id}/member:{teacher.Id}/reflect", teacher.Id, SeriesCards.Reflection(session), at > now ? at : null);
        }
    }

    /// Every step a session of the series has: each reminder, the attendance card, the reflection.
    private static IEnumerable<(SessionStepKind Kind, int Offset)> Steps(PdSeries series) =>
        series.ReminderMinutes.Select(m => (SessionStepKind.Remind, m)).Append((SessionStepKind.Attendance, 0)).Append((SessionStepKind.Reflect, 0));

    private static DateTimeOffset DueAt(PdSession session, SessionStepKind kind, int offset) => kind switch
    {
        SessionStepKind.Remind => session.StartsAt.AddMinutes(-offset),
        SessionStepKind.Attendance => session.StartsAt,
        _ => session.EndsAt,
    };
}
