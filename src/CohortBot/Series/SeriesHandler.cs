using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Series;

/// The series in chat. Coordinators <c>publish series COHORT</c>; coaches and coordinators read
/// <c>series COHORT</c>; teachers answer the commitment card (<c>series.commit</c>, or
/// <c>series.decline</c> then <c>series.missing</c>; <c>series.change</c> until the first session),
/// check in with <c>here CODE</c> and answer the reflection (<c>session.reflect</c>); the
/// facilitator saves the attendance card (<c>session.attendance</c>).
internal sealed class SeriesHandler(CohortDbContext db, SeriesService series, SeriesReport report, TimeProvider time) : ITurnHandler
{
    public const string CommitAll = "series.commit";
    public const string Decline = "series.decline";
    public const string SendMissing = "series.missing";
    public const string Change = "series.change";
    public const string SaveAttendance = "session.attendance";
    public const string Reflect = "session.reflect";

    /// What <c>here</c> takes: nothing (it then says how), or a session's code.
    public static bool IsCode(string arguments) => arguments.Length == 0 || arguments.Length <= 8 && arguments.All(char.IsAsciiDigit);

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = await Coordinators.MemberAsync(db, turn, cancellationToken);
        if (member is null)
            return Notice("I don't know you yet: ask your coordinator to add you to your cohort's roster.");
        return (turn.Verb, turn.Command) switch
        {
            (CommitAll or Decline or SendMissing or Change, _) => await AnswerAsync(turn, member, cancellationToken),
            (SaveAttendance, _) => await AttendanceAsync(turn, member, cancellationToken),
            (Reflect, _) => await ReflectAsync(turn, member, cancellationToken),
            (_, "publish series") => await PublishAsync(turn, member, cancellationToken),
            (_, "here") => await HereAsync(turn, member, cancellationToken),
            _ => await StatusAsync(turn, member, cancellationToken),
        };
    }

    private async Task<TurnResponse> PublishAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (!member.IsCoordinator())
            return Coordinators.Refusal("publish a PD series");
        var match = await Coordinators.FindCohortAsync(db, member, turn.Arguments, cancellationToken);
        if (match.Cohort is not { } found)
            return Notice(match.Problem(turn.Arguments, "publish series"));
        var cohort = await db.Cohorts.Include(c => c.Members).SingleAsync(c => c.Id == found.Id, cancellationToken);
        if (await series.SeriesOfAsync(cohort.Id, cancellationToken) is not { } pd)
            return Notice($"{cohort.Name} has no PD series yet: add one under the cohort's 'series:' in the district file and import it.");
        var first = pd.PublishedAt is null;
        var (asked, held) = await series.PublishAsync(cohort, pd, $"{turn.Platform.ToString().ToLowerInvariant()}:{member.Email}", cancellationToken);
        var waiting = held == 0 ? "" : $" ({held} of them in their quiet hours now: their card goes when those end)";
        var teachers = RoundService.Teachers(cohort).Count();
        if (time.GetUtcNow() >= SeriesCards.FirstStart(pd))
            return Notice($"{pd.Title} has already begun, so nobody was asked to commit; reminders, attendance and reflections run for the sessions still to come.");
        return Notice(first
            ? $"Published {pd.Title}: {asked} of {teachers} teachers of {cohort.Name} are asked to commit{waiting}. Write \"series {cohort.Name}\" to follow the answers."
            : asked > 0
                ? $"{pd.Title} was published already; I asked the {asked} teacher(s) who had not had it yet{waiting}."
                : $"{pd.Title} was published already and every teacher of {cohort.Name} has been asked: nothing more was sent.");
    }

    private async Task<TurnResponse> StatusAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (member.Role == MemberRole.Teacher)
            return await MySeriesAsync(member, cancellationToken);
        var cohorts = await db.Cohorts.Include(c => c.Members).Where(c => c.DistrictId == member.DistrictId).ToListAsync(cancellationToken);
        if (member.Role == MemberRole.Coach)
            cohorts = [.. cohorts.Where(c => c.Members.Any(m => m.Id == member.Id))];
        var match = turn.Arguments.Length == 0 && cohorts.Count == 1 ? new CohortNames.Match(cohorts[0], "", []) : CohortNames.Find(turn.Arguments, cohorts);
        if (match.Cohort is not { } cohort)
            return Notice(match.Problem(turn.Arguments, "series"));
        if (await report.FiguresAsync(cohort.Id, cancellationToken) is not { } figures)
            return Notice($"{cohort.Name} has no PD series.");
        return TurnResponse.ReplyPrivately(SeriesReport.Card(figures, member.TimeZone));
    }

    /// A teacher's own series: their answer and its sessions, or the card to answer while it is open.
    private async Task<TurnResponse> MySeriesAsync(Member teacher, CancellationToken cancellationToken)
    {
        var mine = await db.Series.Where(s => s.PublishedAt != null && s.Cohort!.Members.Any(m => m.Id == teacher.Id)).OrderBy(s => s.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken);
        if (mine is null || await series.FindAsync(mine.Value, cancellationToken) is not { } pd)
            return Notice("Your cohort has no PD series published yet: I'll bring it to you when it is.");
        var cohort = pd.Cohort!;
        var now = time.GetUtcNow();
        var commitment = await db.Commitments.AsNoTracking().FirstOrDefaultAsync(c => c.SeriesId == pd.Id && c.MemberId == teacher.Id, cancellationToken);
        if (commitment is null)
            return now < SeriesCards.FirstStart(pd)
                ? TurnResponse.ReplyPrivately(SeriesCards.Commit(pd, cohort, cohort.Members.Single(m => m.Id == teacher.Id)))
                : Notice($"{pd.Title} has begun: {string.Join("; ", SeriesCards.Ordered(pd).Select(s => $"{s.Position}. {s.Title}, {SeriesCards.Span(s, teacher.TimeZone)}, {s.Where}"))}.");
        return TurnResponse.ReplyPrivately(SeriesCards.Committed(pd, cohort, teacher, commitment, now, SeriesCards.Offsets(pd.ReminderMinutes)));
    }

    private async Task<TurnResponse> HereAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (member.Role != MemberRole.Teacher)
            return Notice("\"here CODE\" is how teachers check in to a PD session. Facilitators and coaches take attendance on the attendance card.");
        var code = turn.Arguments.Trim();
        if (code.Length == 0)
            return Notice("Write \"here\" and the code the facilitator shows, for example: here 4821.");
        return Notice(await series.CheckInWithCodeAsync(member, code, cancellationToken));
    }

    private async Task<TurnResponse> AnswerAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("seriesId"), out var id) || await series.FindAsync(id, cancellationToken) is not { } pd)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that series any more."));
        var cohort = pd.Cohort!;
        var teacher = cohort.Members.FirstOrDefault(m => m.Id == member.Id && m.Role == MemberRole.Teacher);
        if (teacher is null)
            return Notice("This series is for the cohort's teachers.");
        var now = time.GetUtcNow();
        if (now >= SeriesCards.FirstStart(pd))
            return TurnResponse.Replace(CheckInCards.Notice($"{pd.Title} has begun, so answers are closed. If your plans changed, tell your coach."));

        switch (turn.Verb)
        {
            case Change:
                return TurnResponse.Replace(SeriesCards.Commit(pd, cohort, teacher));
            case Decline:
                var current = await db.Commitments.AsNoTracking().FirstOrDefaultAsync(c => c.SeriesId == pd.Id && c.MemberId == teacher.Id, cancellationToken);
                return TurnResponse.OpenForm(SeriesCards.Missing(pd, teacher, current?.MissingSessionIds, current?.Reason));
            case CommitAll:
                var all = await series.AnswerAsync(pd, cohort, teacher, [], null, cancellationToken);
                return TurnResponse.Replace(SeriesCards.Committed(pd, cohort, teacher, all, now, SeriesCards.Offsets(pd.ReminderMinutes)));
        }

        var picked = turn.Data.Values("missing");
        var ids = picked.Select(v => int.TryParse(v, out var n) ? n : -1).ToList();
        var reason = turn.Data.Value("reason")?.Trim();
        string? error = null;
        if (ids.Count == 0)
            error = "Tick the sessions you can't make (or press \"I commit to all sessions\" instead).";
        else if (ids.Any(i => pd.Sessions.All(s => s.Id != i)))
            error = "One of those sessions is no longer in the series: tick them again.";
        if (reason is { Length: > 2000 })
            error = $"Please keep the reason to 2000 characters (it has {reason.Length}).";
        if (error is not null)
            return TurnResponse.Invalid(SeriesCards.Missing(pd, teacher, ids.Where(i => i > 0), reason, error), new Dictionary<string, string> { [reason is { Length: > 2000 } ? "reason" : "missing"] = error });
        var commitment = await series.AnswerAsync(pd, cohort, teacher, [.. ids.Distinct()], string.IsNullOrEmpty(reason) ? null : reason, cancellationToken);
        return TurnResponse.Replace(SeriesCards.Committed(pd, cohort, teacher, commitment, now, SeriesCards.Offsets(pd.ReminderMinutes)));
    }

    private async Task<TurnResponse> AttendanceAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("sessionId"), out var id)
            || await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } session
            || await series.FindAsync(session.SeriesId, cancellationToken) is not { } pd)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that session any more."));
        session = pd.Sessions.Single(s => s.Id == id);
        var cohort = pd.Cohort!;
        if (!await series.MayTakeAttendanceAsync(session, cohort, member, cancellationToken))
            return Notice("Attendance is taken by the session's facilitator or the cohort's coaches.");
        var now = time.GetUtcNow();
        if (now < session.StartsAt)
            return Notice($"{session.Title} has not started yet: attendance opens at {CheckInCards.When(session.StartsAt, member.TimeZone)}.");
        if (now > session.EndsAt + SeriesService.AttendanceWindow)
            return TurnResponse.Replace(CheckInCards.Notice($"Attendance for {session.Title} closed two weeks after the session. Ask a coordinator if it needs a correction."));

        static List<int> Ids(IEnumerable<string> values) => [.. values.Select(v => int.TryParse(v, out var n) ? n : 0).Where(n => n > 0)];
        var present = Ids(turn.Data.Values("present"));
        var shown = Ids(turn.Data.Values("shown"));
        var count = await series.RecordAttendanceAsync(session, cohort, member, present, shown, cancellationToken);
        var note = $"Saved {CheckInCards.When(now, member.TimeZone)}: {count} present.";
        return TurnResponse.Replace(await series.AttendanceCardAsync(pd, session, member.TimeZone, note, cancellationToken));
    }

    private async Task<TurnResponse> ReflectAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("sessionId"), out var id) || await db.Sessions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken) is not { } session)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that session any more."));
        if (!await db.Attendance.AnyAsync(a => a.SessionId == id && a.MemberId == member.Id, cancellationToken))
            return Notice($"The reflection on {session.Title} is for those who attended it.");
        var tryFirst = turn.Data.Value("tryFirst")?.Trim();
        var error = !int.TryParse(turn.Data.Value("useful"), out var useful) || useful is < 1 or > 5
            ? "Please choose how useful it was, from 1 to 5."
            : tryFirst is { Length: > CheckInForm.MaxTextLength } ? $"Please keep this to {CheckInForm.MaxTextLength} characters (it has {tryFirst.Length})." : null;
        if (error is not null)
            return TurnResponse.Invalid(SeriesCards.Reflection(session, useful is >= 1 and <= 5 ? useful : null, tryFirst, error),
                new Dictionary<string, string> { [useful is >= 1 and <= 5 ? "tryFirst" : "useful"] = error });
        await series.ReflectAsync(session, member, useful, tryFirst, cancellationToken);
        return TurnResponse.Replace(CheckInCards.Notice(string.IsNullOrEmpty(tryFirst)
            ? $"Thank you: your reflection on {session.Title} is in."
            : $"Thank you: your reflection on {session.Title} is in. At your next check-in I'll ask how it went with what you'll try first."));
    }

    private static TurnResponse Notice(string text) => TurnResponse.ReplyPrivately(CheckInCards.Notice(text));
}
