using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bogus;
using CohortBot.CheckIns;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Channels.Identities;
using CohortBot.Cohorts;
using CohortBot.Nudges;
using CohortBot.Outbox;
using CohortBot.Series;
using CohortBot.Storage;
using CohortBot.Visits;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Hosting;

/// Something to look at on the first run (<c>CohortBot:DemoHistory</c>): once, for the demo district
/// only, the history a term of real use would have left. Every round of the demo cohort before now
/// (closed, with most teachers' check-ins, follow-through, support requests and a nudge), classroom
/// visits of the fall, and a whole previous year to compare with: a 2025 cohort with its own coach
/// and teachers, its rounds, a completed PD series and visits. A fixed seed makes it the same on
/// every machine for the same clock; an audit entry <see cref="Marker"/> makes it happen once. The
/// round the scheduler plans next (the first whose opening is after now) is left to the live flow.
internal sealed class DemoHistory(CohortDbContext db, TimeProvider time, ILogger<DemoHistory> logger)
{
    public const string DistrictName = "Demo Unified School District";
    public const string CurrentCohort = "Blended Learning Cohort 2026";
    public const string PreviousCohort = "Blended Learning Cohort 2025";
    public const string Marker = "demo.history";
    public const string Actor = "demo-history";

    public static readonly DateOnly PreviousAnchor = new(2025, 9, 2);
    public static readonly DateOnly PreviousLastDate = new(2026, 6, 2);

    /// The previous year's breaks (Thanksgiving, winter, spring), as the cohort's skip dates: the
    /// district's calendar file is this year's, and importing it replaces the closures it holds.
    public static readonly DateOnly[] PreviousSkipDates = [new(2025, 11, 25), new(2025, 12, 23), new(2026, 3, 17)];

    /// The previous cohort's coach, on Teams in the demo tenant: a coach of another cohort.
    public const string PreviousCoachEmail = "nestorw@example.com";
    public const string PreviousCoachAadId = "00000000-0000-0000-0000-0000000000030";

    private const int Seed = 20260901;
    private const int PreviousTeachers = 10;

    /// Writes the history when the demo district is there and has none yet. Returns whether it wrote.
    public async Task<bool> WriteAsync(CancellationToken cancellationToken)
    {
        var names = await db.Districts.Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        if (names.FirstOrDefault(d => d.Name == DistrictName) is not { } match
            || await db.AuditLog.AnyAsync(a => a.DistrictId == match.Id && a.Action == Marker, cancellationToken))
            return false;

        var started = time.GetTimestamp();
        var district = await db.Districts.Include(d => d.Sites).Include(d => d.Members).ThenInclude(m => m.Site).AsSplitQuery().SingleAsync(d => d.Id == match.Id, cancellationToken);
        var cohort = await db.Cohorts.Include(c => c.QuestionSet).Include(c => c.Members).ThenInclude(m => m.Site).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.DistrictId == district.Id && c.Name == CurrentCohort, cancellationToken);
        var now = time.GetUtcNow();
        var closed = (await db.SchoolClosures.AsNoTracking().Where(c => c.DistrictId == district.Id).ToListAsync(cancellationToken))
            .SelectMany(c => Enumerable.Range(0, c.LastDate.DayNumber - c.FirstDate.DayNumber + 1).Select(c.FirstDate.AddDays)).ToHashSet();
        var dates = cohort is null ? [] : PastRoundDates(cohort, closed, now, DateOnly.MaxValue);

        // A district that was used before this ran keeps what it has: history would mix with it.
        string? skipped = cohort is null ? $"no cohort '{CurrentCohort}'"
            : await db.Rounds.AnyAsync(r => r.CohortId == cohort.Id && r.Status != RoundStatus.Scheduled, cancellationToken) ? "the cohort has rounds already"
            : await db.Cohorts.AnyAsync(c => c.DistrictId == district.Id && c.Name == PreviousCohort, cancellationToken) ? $"a cohort '{PreviousCohort}' exists already"
            : null;
        var lastDate = dates.Count > 0 ? dates[^1] : DateOnly.MinValue;
        if (skipped is null && dates.Count > 0 && await db.Rounds.AnyAsync(r => r.CohortId == cohort!.Id && r.Date <= lastDate, cancellationToken))
            skipped = "a round the history would write is planned already";
        if (skipped is not null)
        {
            db.AuditLog.Add(new AuditEntry { At = now, Actor = Actor, Action = Marker, Subject = district.Name, DistrictId = district.Id, DetailsJson = JsonSerializer.Serialize(new { skipped }) });
            await db.SaveChangesAsync(cancellationToken);
            Log.DemoHistorySkipped(logger, skipped);
            return false;
        }

        // Thousands of rows added by hand: changes are detected once per save, not at every query.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        Counts counts;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var identities = await db.Identities.Where(i => i.Member!.DistrictId == district.Id).ToListAsync(cancellationToken);
            var writer = new Writer(db, new Faker("en") { Random = new Randomizer(Seed) }, district, identities, now);
            counts = await writer.WriteAsync(cohort!, dates, cancellationToken);
            db.AuditLog.Add(new AuditEntry { At = now, Actor = Actor, Action = Marker, Subject = district.Name, DistrictId = district.Id, DetailsJson = JsonSerializer.Serialize(counts) });
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
        }
        var elapsed = time.GetElapsedTime(started);
        Log.DemoHistoryWritten(logger, counts.Rounds, counts.CheckIns, (long)elapsed.TotalMilliseconds);
        return true;
    }

    /// The cohort's round dates the scheduler will not plan any more (their opening is past), up to
    /// <paramref name="last"/>: skip dates and closures left out, as the scheduler leaves them.
    public static List<DateOnly> PastRoundDates(Cohort cohort, IReadOnlySet<DateOnly> closed, DateTimeOffset now, DateOnly last) =>
        [.. RoundCalendar.RoundDates(cohort.Schedule, closed, cohort.Schedule.AnchorDate)
            .TakeWhile(date => date <= last && RoundScheduler.OpensAt(cohort, date) <= now)];

    public sealed record Counts(int Rounds, int CheckIns, int SupportRequests, int Nudges, int Sessions, int Attendance, int VisitSlots, int Bookings, int Members);

    /// How one teacher's year goes: where they start and how fast they grow, how reliably they answer,
    /// the blended model they begin with and the one they add later.
    private sealed record Profile(Member Teacher, double Start, double Growth, double Reliability, string Model, string? Second, double SecondFrom, string[] Behaviors, bool Reachable);

    private sealed record VisitPlan(Member Host, string Model, string Grade, DateOnly Date, TimeOnly Start, TimeOnly End, string Room, int Seats, Member[] Visitors);

    private sealed class Writer(CohortDbContext db, Faker faker, District district, List<PlatformIdentity> identities, DateTimeOffset now)
    {
        private readonly List<(Round Round, Cohort Cohort)> _rounds = [];
        private readonly List<(CheckIn CheckIn, Cohort Cohort, bool AskedCoach, string? Challenge)> _checkIns = [];
        private readonly List<(PdSession Session, Member Teacher, int Usefulness, string? TryFirst, DateTimeOffset At)> _reflections = [];
        private readonly List<(Nudge Nudge, Round Round, List<Member> To)> _nudges = [];
        private int _visitSlots;
        private int _bookings;
        private int _attendance;

        public async Task<Counts> WriteAsync(Cohort current, List<DateOnly> dates, CancellationToken cancellationToken)
        {
            var coordinator = district.Members.Where(m => m.Role == MemberRole.Coordinator).OrderBy(m => m.Id).First();
            var coach = current.Members.Where(m => m.Role == MemberRole.Coach).OrderBy(m => m.Id).First();

            var previous = AddPreviousCohort(current);
            var previousCoach = previous.Members.Single(m => m.Role == MemberRole.Coach);
            var series = AddPreviousSeries(previous, previousCoach);
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);

            // The previous year first: its reflections become plans of its check-ins.
            AddReflections(series, previous);
            // This year's series, once a session of it is over: published three weeks before it began.
            var currentSeries = await db.Series.Include(s => s.Sessions).FirstOrDefaultAsync(s => s.CohortId == current.Id, cancellationToken);
            if (currentSeries is { PublishedAt: null } && currentSeries.Sessions.Any(s => s.EndsAt <= now))
            {
                currentSeries.PublishedAt = currentSeries.Sessions.Min(s => s.StartsAt).AddDays(-21);
                Audit("series.publish", current.Name, new { series = currentSeries.Id }, currentSeries.PublishedAt.Value);
                AddReflections(currentSeries, current);
            }
            AddRounds(previous, PastRoundDates(previous, new HashSet<DateOnly>(), now, PreviousLastDate));
            AddRounds(current, dates);
            AddNudge(current, coordinator, 2);
            AddNudge(previous, coordinator, 7);
            AddVisits(CurrentVisits(current));
            AddVisits(PreviousVisits(previous));
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);

            AddDeliveriesAndRequests(current, previous, coach, previousCoach);
            return new Counts(_rounds.Count, _checkIns.Count, db.ChangeTracker.Entries<SupportRequest>().Count(), _nudges.Count, series.Sessions.Count, _attendance, _visitSlots, _bookings, previous.Members.Count);
        }

        private Cohort AddPreviousCohort(Cohort current)
        {
            var cohort = db.Cohorts.Add(new Cohort
            {
                DistrictId = district.Id,
                Name = PreviousCohort,
                QuestionSetId = current.QuestionSetId,
                QuestionSet = current.QuestionSet,
                DefaultTags = [.. current.DefaultTags],
                Schedule = new CohortSchedule
                {
                    IntervalWeeks = 2,
                    Weekday = DayOfWeek.Tuesday,
                    LocalTime = new TimeOnly(15, 30),
                    TimeZone = current.Schedule.TimeZone,
                    AnchorDate = PreviousAnchor,
                    EndDate = PreviousLastDate,
                    SkipDates = [.. PreviousSkipDates],
                    RoundLengthDays = current.Schedule.RoundLengthDays,
                    ReminderMinutes = [.. current.Schedule.ReminderMinutes],
                    QuietHours = current.Schedule.QuietHours,
                },
            }).Entity;

            var sites = district.Sites.OrderBy(s => s.Id).ToList();
            var linkedAt = LocalTimes.At(new DateOnly(2025, 8, 25), new TimeOnly(9, 0), district.TimeZone);
            var coach = AddMember(cohort, "Nestor Wilke", PreviousCoachEmail, MemberRole.Coach, sites[0]);
            AddIdentity(coach, PreviousCoachAadId, linkedAt);

            var emails = district.Members.Select(m => m.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
            emails.Add(PreviousCoachEmail);
            for (var i = 0; i < PreviousTeachers; i++)
            {
                var first = faker.Name.FirstName();
                var last = faker.Name.LastName();
                var stem = new string([.. (first + last[..1]).Where(char.IsAsciiLetter).Select(char.ToLowerInvariant)]);
                var email = $"{stem}@example.com";
                for (var n = 2; !emails.Add(email); n++)
                    email = $"{stem}{n}@example.com";
                var teacher = AddMember(cohort, $"{first} {last}", email, MemberRole.Teacher, sites[i % sites.Count]);
                // The last one never linked Teams: the bot could never reach them.
                if (i < PreviousTeachers - 1)
                    AddIdentity(teacher, faker.Random.Guid().ToString(), linkedAt);
            }
            return cohort;
        }

        private Member AddMember(Cohort cohort, string name, string email, MemberRole role, Site site)
        {
            var member = new Member { DistrictId = district.Id, DisplayName = name, Email = email, Role = role, Site = site, SiteId = site.Id, TimeZone = district.TimeZone, PreferredPlatform = Platform.Teams };
            db.Members.Add(member);
            cohort.Members.Add(member);
            return member;
        }

        private void AddIdentity(Member member, string aadId, DateTimeOffset linkedAt) =>
            identities.Add(db.Identities.Add(new PlatformIdentity
            {
                Member = member,
                Platform = Platform.Teams,
                TenantId = district.TeamsTenantId ?? "",
                UserId = aadId,
                LinkedBy = "roster",
                LinkedAt = linkedAt,
            }).Entity);

        private PdSeries AddPreviousSeries(Cohort cohort, Member coach)
        {
            var zone = cohort.Schedule.TimeZone;
            var series = db.Series.Add(new PdSeries { Cohort = cohort, Title = "Blended Learning Foundations", PublishedAt = LocalTimes.At(new DateOnly(2025, 9, 22), new TimeOnly(10, 0), zone) }).Entity;
            (string Title, DateOnly Date, string Where)[] sessions =
            [
                ("Why blended learning", new DateOnly(2025, 10, 9), "Lincoln Elementary, Library"),
                ("Blended models in practice", new DateOnly(2025, 11, 6), "https://teams.microsoft.com/l/meetup-join/demo-blended-models-2025"),
                ("Using data to form groups", new DateOnly(2026, 1, 29), "Roosevelt Middle School, Room 204"),
                ("Setting up a blended classroom", new DateOnly(2026, 2, 26), "Lincoln Elementary, Library"),
            ];
            foreach (var (title, date, where) in sessions)
            {
                var session = new PdSession
                {
                    Position = series.Sessions.Count + 1,
                    Title = title,
                    Date = date,
                    Start = new TimeOnly(16, 0),
                    End = new TimeOnly(17, 30),
                    StartsAt = LocalTimes.At(date, new TimeOnly(16, 0), zone),
                    EndsAt = LocalTimes.At(date, new TimeOnly(17, 30), zone),
                    Where = where,
                    Facilitator = coach,
                    Code = faker.Random.Number(1000, 9999).ToString(CultureInfo.InvariantCulture),
                };
                series.Sessions.Add(session);
            }
            Audit("series.publish", cohort.Name, new { asked = PreviousTeachers - 1 }, series.PublishedAt!.Value);
            return series;
        }

        /// Commitments, attendance (by card mostly, some by code), the session steps done, and reflections.
        private void AddReflections(PdSeries series, Cohort cohort)
        {
            var coach = cohort.Members.Where(m => m.Role == MemberRole.Coach).OrderBy(m => m.Id).First();
            var over = series.Sessions.Where(s => s.EndsAt <= now).OrderBy(s => s.Position).ToList();
            foreach (var teacher in Teachers(cohort).Where(Reachable))
            {
                var missing = faker.Random.Bool(0.2f) ? new List<int> { faker.PickRandom(series.Sessions).Id } : [];
                db.Commitments.Add(new SeriesCommitment
                {
                    SeriesId = series.Id,
                    Member = teacher,
                    MissingSessionIds = missing,
                    Reason = missing.Count == 0 ? null : faker.PickRandom(DemoHistoryText.CommitmentReasons),
                    AnsweredAt = series.PublishedAt!.Value.AddHours(faker.Random.Double(2, 96)),
                });
                var keen = faker.Random.Double(0.7, 0.98);
                foreach (var session in over.Where(s => !missing.Contains(s.Id) && faker.Random.Double() < keen))
                {
                    var byCode = faker.Random.Bool(0.3f);
                    db.Attendance.Add(new SessionAttendance
                    {
                        Session = session,
                        Member = teacher,
                        Source = byCode ? AttendanceSource.Code : AttendanceSource.Card,
                        RecordedById = byCode ? null : session.FacilitatorId ?? coach.Id,
                        RecordedAt = session.StartsAt.AddMinutes(faker.Random.Number(5, 40)),
                    });
                    _attendance++;
                    if (faker.Random.Bool(0.75f))
                    {
                        _reflections.Add((session, teacher, faker.Random.WeightedRandom([3, 4, 5], [0.2f, 0.45f, 0.35f]),
                            faker.Random.Bool(0.85f) ? faker.PickRandom(DemoHistoryText.TryFirst) : null, session.EndsAt.AddHours(faker.Random.Double(0.2, 30))));
                    }
                }
            }
            // Steps of the sessions that are over are done; those to come are the live series job's.
            foreach (var session in over)
            {
                foreach (var minutes in series.ReminderMinutes)
                    db.SessionSteps.Add(new SessionStep { SessionId = session.Id, Kind = SessionStepKind.Remind, OffsetMinutes = minutes, DoneAt = session.StartsAt.AddMinutes(-minutes) });
                db.SessionSteps.Add(new SessionStep { SessionId = session.Id, Kind = SessionStepKind.Attendance, DoneAt = session.StartsAt });
                db.SessionSteps.Add(new SessionStep { SessionId = session.Id, Kind = SessionStepKind.Reflect, DoneAt = session.EndsAt });
            }
            foreach (var (session, teacher, usefulness, tryFirst, at) in _reflections.Where(r => r.Session.Series == series && r.At < now))
                db.SessionReflections.Add(new SessionReflection { Session = session, MemberId = teacher.Id, Usefulness = usefulness, TryFirst = tryFirst, SubmittedAt = at });
        }

        private void AddRounds(Cohort cohort, List<DateOnly> dates)
        {
            var schedule = cohort.Schedule;
            var profiles = Teachers(cohort).Select(t => NewProfile(t, dates.Count)).ToList();
            var plans = new Dictionary<int, string>();
            var levels = new Dictionary<int, int>();
            DateTimeOffset? previousClosedAt = null;
            for (var k = 0; k < dates.Count; k++)
            {
                var date = dates[k];
                var opensAt = RoundScheduler.OpensAt(cohort, date);
                var closesAt = RoundCalendar.ClosesAt(date, schedule.RoundLengthDays, schedule.LocalTime, schedule.TimeZone);
                var closedAt = closesAt <= now ? closesAt : now;
                var round = db.Rounds.Add(new Round
                {
                    Cohort = cohort,
                    Number = RoundCalendar.RoundNumber(schedule, date),
                    Date = date,
                    OpensAt = opensAt,
                    ClosesAt = closesAt,
                    Status = RoundStatus.Closed,
                    OpenedAt = opensAt,
                    ClosedAt = closedAt,
                }).Entity;
                round.Steps.Add(new RoundStep { Kind = RoundStepKind.Open, DueAt = opensAt, DoneAt = opensAt });
                foreach (var minutes in schedule.ReminderMinutes.Distinct())
                {
                    var due = closesAt.AddMinutes(-minutes);
                    round.Steps.Add(new RoundStep { Kind = RoundStepKind.Remind, OffsetMinutes = minutes, DueAt = due, DoneAt = due < closedAt ? due : closedAt });
                }
                round.Steps.Add(new RoundStep { Kind = RoundStepKind.Close, DueAt = closesAt, DoneAt = closedAt });
                _rounds.Add((round, cohort));

                // A session's reflection given since the last round closed is the newer plan, as for the live rounds.
                var since = previousClosedAt ?? DateTimeOffset.MinValue;
                foreach (var reflection in _reflections.Where(r => r.TryFirst is not null && r.Session.Series?.Cohort == cohort && r.At > since && r.At <= opensAt).OrderBy(r => r.At))
                    plans[reflection.Teacher.Id] = reflection.TryFirst!;

                var fraction = dates.Count == 1 ? 1 : (double)k / (dates.Count - 1);
                var answering = Answering(profiles, fraction);
                var nextPlans = new Dictionary<int, string>();
                foreach (var profile in answering)
                {
                    var teacher = profile.Teacher;
                    var level = Level(profile, k, levels.GetValueOrDefault(teacher.Id));
                    levels[teacher.Id] = level;
                    var stage = Math.Min(2, (int)(fraction * 3));
                    var answers = new JsonObject();
                    if (plans.ContainsKey(teacher.Id))
                        answers[CheckInForm.FollowedThroughKey] = faker.Random.WeightedRandom(["Yes", "Partly", "Not yet"], [(float)(0.4 + (0.25 * fraction)), 0.35f, (float)(0.25 - (0.25 * fraction))]);
                    answers["progress"] = level;
                    if (Models(profile, fraction) is { Count: > 0 } models)
                        answers["models"] = new JsonArray([.. models.Select(m => (JsonNode)m)]);
                    if (Behaviors(profile, level) is { Count: > 0 } behaviors)
                        answers["behaviors"] = new JsonArray([.. behaviors.Select(b => (JsonNode)b)]);
                    if (faker.Random.Bool(0.7f))
                        answers["win"] = faker.PickRandom(DemoHistoryText.Wins[stage]);
                    string? challenge = faker.Random.Bool(0.55f) ? faker.PickRandom(DemoHistoryText.Challenges[stage]) : null;
                    if (challenge is not null)
                        answers["challenge"] = challenge;
                    if (faker.Random.Bool(0.75f))
                    {
                        var next = faker.PickRandom(DemoHistoryText.NextSteps[stage]);
                        answers[CheckInForm.NextStepKey] = next;
                        nextPlans[teacher.Id] = next;
                    }
                    var askedCoach = faker.Random.Double() < (level <= 2 && challenge is not null ? 0.3 : 0.05);
                    answers[CheckInForm.CoachSupportKey] = askedCoach ? "Yes" : "No";

                    var submittedAt = SubmittedAt(round, teacher, schedule, closedAt);
                    var checkIn = db.CheckIns.Add(new CheckIn
                    {
                        Round = round,
                        Member = teacher,
                        AnswersJson = answers.ToJsonString(),
                        SubmittedAt = submittedAt,
                        LastEditedAt = faker.Random.Bool(0.08f) && submittedAt.AddHours(3) < closedAt ? submittedAt.AddHours(faker.Random.Double(0.1, 3)) : null,
                    }).Entity;
                    _checkIns.Add((checkIn, cohort, askedCoach, challenge));
                }
                plans = nextPlans;
                previousClosedAt = closedAt;
                Audit("round.open", cohort.Name, new { number = round.Number }, opensAt, "schedule");
                Audit("round.close", cohort.Name, new { number = round.Number }, closedAt, "schedule");
            }
        }

        private Profile NewProfile(Member teacher, int rounds)
        {
            var middle = teacher.Site?.Name.Contains("Middle", StringComparison.Ordinal) == true;
            var model = middle
                ? faker.Random.WeightedRandom(["Flipped Classroom", "Station Rotation", "Individual Rotation"], [0.4f, 0.4f, 0.2f])
                : faker.Random.WeightedRandom(["Station Rotation", "Lab Rotation"], [0.8f, 0.2f]);
            var second = faker.Random.Bool(0.6f) ? faker.PickRandom(DefaultQuestionSet.BlendedModels.Where(m => m != model && m != "Enriched Virtual").ToArray()) : null;
            // Most start by collaborating with their team; using data to form groups tends to come last.
            var behaviors = DefaultQuestionSet.VitalBehaviors.Skip(1).OrderBy(_ => faker.Random.Double()).ToList();
            behaviors.Insert(faker.Random.Bool(0.8f) ? 0 : 1, DefaultQuestionSet.VitalBehaviors[0]);
            return new Profile(
                teacher,
                Start: faker.Random.Double(1.2, 2.6),
                Growth: faker.Random.Double(1.4, 2.8) / Math.Max(1, rounds - 1),
                Reliability: faker.Random.Double(0.55, 1.0),
                Model: model,
                Second: second,
                SecondFrom: faker.Random.Double(0.3, 0.8),
                Behaviors: [.. behaviors],
                Reachable: Reachable(teacher));
        }

        /// Who answers this round: between 60 % and all of the teachers invited (fewer mid-term, more
        /// at the start and towards the end), the more reliable more often; never the unreachable.
        private List<Profile> Answering(List<Profile> profiles, double fraction)
        {
            var rate = 0.93 - (0.22 * Math.Sin(Math.PI * fraction)) + faker.Random.Double(-0.07, 0.07);
            var least = (int)Math.Ceiling(0.6 * profiles.Count);
            var reachable = profiles.Where(p => p.Reachable).ToList();
            var count = Math.Clamp((int)Math.Round(rate * profiles.Count), Math.Min(least, reachable.Count), reachable.Count);
            // Weighted sampling without replacement: each keeps a random key weighted by reliability.
            return [.. reachable.OrderByDescending(p => Math.Pow(faker.Random.Double(), 1 / p.Reliability)).Take(count).OrderBy(p => p.Teacher.Id)];
        }

        private int Level(Profile profile, int k, int previous)
        {
            var noise = faker.Random.WeightedRandom([-1, 0, 1], [0.1f, 0.75f, 0.15f]);
            var level = Math.Clamp((int)Math.Round(profile.Start + (profile.Growth * k)) + noise, 1, 5);
            // A bad week shows, but nobody forgets a term's work in a fortnight.
            return previous > 0 ? Math.Max(level, previous - 1) : level;
        }

        private List<string> Models(Profile profile, double fraction)
        {
            var models = new List<string>();
            if (faker.Random.Double() < 0.55 + (0.45 * fraction))
                models.Add(profile.Model);
            if (profile.Second is { } second && fraction >= profile.SecondFrom && faker.Random.Bool(0.65f))
                models.Add(second);
            return [.. models.OrderBy(m => Array.IndexOf(DefaultQuestionSet.BlendedModels, m))];
        }

        private List<string> Behaviors(Profile profile, int level)
        {
            var count = Math.Clamp(level - 1 + faker.Random.WeightedRandom([-1, 0, 1], [0.25f, 0.5f, 0.25f]), 0, profile.Behaviors.Length);
            return [.. profile.Behaviors.Take(count).OrderBy(b => Array.IndexOf(DefaultQuestionSet.VitalBehaviors, b))];
        }

        /// Most answer the afternoon the card comes, some in the days after, a few after the reminder.
        private DateTimeOffset SubmittedAt(Round round, Member teacher, CohortSchedule schedule, DateTimeOffset closedAt)
        {
            var asked = RoundService.LocalOpening(round, schedule, teacher.TimeZone);
            var at = faker.Random.WeightedRandom([0, 1, 2], [0.55f, 0.3f, 0.15f]) switch
            {
                0 => asked.AddMinutes(faker.Random.Number(3, 240)),
                1 => LocalTimes.At(round.Date.AddDays(faker.Random.Number(1, 3)), new TimeOnly(faker.Random.Number(7, 18), faker.Random.Number(0, 59)), teacher.TimeZone),
                _ => round.ClosesAt.AddHours(-24).AddMinutes(faker.Random.Number(20, 1200)),
            };
            return at < closedAt ? at : closedAt.AddMinutes(-faker.Random.Number(5, 60));
        }

        /// A coordinator's nudge to the teachers who had not answered the round, two days in.
        private void AddNudge(Cohort cohort, Member coordinator, int roundIndex)
        {
            var rounds = _rounds.Where(r => r.Cohort == cohort).Select(r => r.Round).ToList();
            if (rounds.Count <= roundIndex)
                return;
            var round = rounds[roundIndex];
            var sentAt = LocalTimes.At(round.Date.AddDays(2), new TimeOnly(10, 0), cohort.Schedule.TimeZone);
            var answered = _checkIns.Where(c => c.CheckIn.Round == round && c.CheckIn.SubmittedAt <= sentAt).Select(c => c.CheckIn.Member!).ToHashSet();
            var pending = Teachers(cohort).Where(t => !answered.Contains(t)).ToList();
            if (pending.Count == 0 || sentAt >= round.ClosedAt)
                return;
            var nudge = db.Nudges.Add(new Nudge
            {
                Cohort = cohort,
                ByMemberId = coordinator.Id,
                ByPlatform = identities.Any(i => i.Member == coordinator && i.Platform == Platform.Slack) ? Platform.Slack : Platform.Teams,
                Audience = NudgeAudience.Pending,
                Message = DemoHistoryText.NudgeMessages[_nudges.Count % DemoHistoryText.NudgeMessages.Length],
                Status = NudgeStatus.Sent,
                PreviewedAt = sentAt.AddMinutes(-2),
                PreviewedAudience = "",
                SentAt = sentAt,
                ReceiptUpdates = 1,
                ReceiptSettledAt = round.ClosedAt,
            }).Entity;
            _nudges.Add((nudge, round, pending));
        }

        private static readonly string[] CurrentVisitPeople =
            ["lynner@example.com", "isaiahl@example.com", "gradya@example.com", "alexw@example.com", "pattif@example.com", "johannal@example.com", "diegos@example.com"];

        private static List<VisitPlan> CurrentVisits(Cohort cohort)
        {
            var teachers = cohort.Members.Where(m => m.Role == MemberRole.Teacher).ToDictionary(m => m.Email);
            Member T(string email) => teachers[email];
            if (!CurrentVisitPeople.All(teachers.ContainsKey))
                return [];
            return
            [
                new(T("lynner@example.com"), "Station Rotation", "2", new DateOnly(2026, 10, 21), new TimeOnly(9, 15), new TimeOnly(10, 0), "Room 8", 3, [T("alexw@example.com"), T("gradya@example.com")]),
                new(T("isaiahl@example.com"), "Flipped Classroom", "7", new DateOnly(2026, 11, 12), new TimeOnly(13, 0), new TimeOnly(13, 50), "Room 115", 2, [T("pattif@example.com"), T("johannal@example.com")]),
                new(T("gradya@example.com"), "Station Rotation", "4", new DateOnly(2026, 11, 18), new TimeOnly(9, 0), new TimeOnly(9, 45), "Room 12", 2, [T("diegos@example.com")]),
            ];
        }

        private List<VisitPlan> PreviousVisits(Cohort cohort)
        {
            var teachers = Teachers(cohort).Where(Reachable).ToList();
            (string Model, DateOnly Date, TimeOnly Start)[] slots =
            [
                ("Station Rotation", new DateOnly(2025, 10, 22), new TimeOnly(9, 0)),
                ("Lab Rotation", new DateOnly(2025, 12, 3), new TimeOnly(10, 30)),
                ("Flipped Classroom", new DateOnly(2026, 2, 11), new TimeOnly(13, 15)),
                ("Individual Rotation", new DateOnly(2026, 4, 15), new TimeOnly(9, 30)),
                ("Flex", new DateOnly(2026, 5, 6), new TimeOnly(11, 0)),
            ];
            return [.. slots.Select(s =>
            {
                var host = faker.PickRandom(teachers);
                var seats = faker.Random.Number(2, 4);
                var visitors = faker.PickRandom(teachers.Where(t => t != host), faker.Random.Number(1, seats)).ToArray();
                return new VisitPlan(host, s.Model, faker.Random.Number(1, 8).ToString(CultureInfo.InvariantCulture), s.Date, s.Start, s.Start.AddMinutes(45), $"Room {faker.Random.Number(4, 220)}", seats, visitors);
            })];
        }

        /// Visits that are over: booked, reminded, followed up, and reflected on (shared with the host by choice).
        private void AddVisits(List<VisitPlan> plans)
        {
            foreach (var plan in plans)
            {
                var startsAt = LocalTimes.At(plan.Date, plan.Start, plan.Host.TimeZone);
                var endsAt = LocalTimes.At(plan.Date, plan.End, plan.Host.TimeZone);
                if (endsAt >= now)
                    continue;
                var slot = db.VisitSlots.Add(new VisitSlot
                {
                    Host = plan.Host,
                    Model = plan.Model,
                    Grade = plan.Grade,
                    Date = plan.Date,
                    Start = plan.Start,
                    End = plan.End,
                    StartsAt = startsAt,
                    EndsAt = endsAt,
                    Room = plan.Room,
                    Seats = plan.Seats,
                    BookedSeats = plan.Visitors.Length,
                    CreatedAt = startsAt.AddDays(-14),
                    RemindedDayBeforeAt = startsAt.AddDays(-1),
                    RemindedHourBeforeAt = startsAt.AddHours(-1),
                    FollowedUpAt = endsAt,
                }).Entity;
                _visitSlots++;
                foreach (var visitor in plan.Visitors)
                {
                    var reflected = faker.Random.Bool(0.8f);
                    slot.Bookings.Add(new VisitBooking
                    {
                        Visitor = visitor,
                        BookedAt = slot.CreatedAt.AddHours(faker.Random.Double(2, 96)),
                        Reflection = reflected ? faker.PickRandom(DemoHistoryText.VisitReflections) : null,
                        ShareWithHost = reflected && faker.Random.Bool(0.6f),
                        ReflectedAt = reflected ? endsAt.AddHours(faker.Random.Double(1, 20)) : null,
                    });
                    _bookings++;
                }
            }
        }

        /// What the rounds sent (each teacher's card, the reminder to those who had not answered by
        /// then, the nudges) and the coach support the check-ins asked for, now that the rows have ids.
        private void AddDeliveriesAndRequests(Cohort current, Cohort previous, Member coach, Member previousCoach)
        {
            foreach (var (round, cohort) in _rounds)
            {
                foreach (var teacher in Teachers(cohort))
                {
                    var asked = RoundService.LocalOpening(round, cohort.Schedule, teacher.TimeZone);
                    Sent($"round:{round.Id}/member:{teacher.Id}/checkin", teacher, "checkin", $"Check-in {round.Number} is open.", asked);
                    var submitted = _checkIns.FirstOrDefault(c => c.CheckIn.Round == round && c.CheckIn.Member == teacher).CheckIn?.SubmittedAt;
                    foreach (var step in round.Steps.Where(s => s.Kind == RoundStepKind.Remind))
                    {
                        if (submitted is null || submitted > step.DueAt)
                            Sent($"round:{round.Id}/member:{teacher.Id}/remind:{step.OffsetMinutes}m", teacher, "checkin", $"Reminder: check-in {round.Number} closes soon.", step.DueAt);
                    }
                }
            }

            foreach (var (nudge, round, to) in _nudges)
            {
                nudge.RoundId = round.Id;
                nudge.PreviewedAudience = string.Join(',', to.Select(t => t.Id).Order());
                foreach (var teacher in to)
                {
                    var key = $"round:{round.Id}/nudge:{nudge.Id}/member:{teacher.Id}";
                    Sent(key, teacher, "nudge", nudge.Message, nudge.SentAt!.Value);
                    nudge.Recipients.Add(new NudgeRecipient { MemberId = teacher.Id, DeliveryKey = key });
                }
                db.AuditLog.Add(new AuditEntry
                {
                    At = nudge.SentAt!.Value,
                    Actor = $"member:{nudge.ByMemberId}",
                    Action = "nudge.send",
                    Subject = nudge.Cohort!.Name,
                    DistrictId = district.Id,
                    DetailsJson = JsonSerializer.Serialize(new { nudge = nudge.Id, audience = to.Count, kind = "pending" }),
                });
            }

            foreach (var (checkIn, cohort, askedCoach, challenge) in _checkIns.Where(c => c.AskedCoach))
            {
                var by = cohort == current ? coach : cohort == previous ? previousCoach : coach;
                // Answered the same evening, the next morning or a few days later; the most recent may still wait.
                var delay = TimeSpan.FromHours(faker.Random.WeightedRandom([2.5, 5, 16, 28, 52, 76], [0.15f, 0.2f, 0.25f, 0.2f, 0.12f, 0.08f]) + faker.Random.Double(-1, 1));
                var repliedAt = checkIn.SubmittedAt!.Value + delay;
                var replied = repliedAt < now && faker.Random.Bool(0.85f);
                db.SupportRequests.Add(new SupportRequest
                {
                    CohortId = cohort.Id,
                    MemberId = checkIn.Member!.Id,
                    RoundId = checkIn.Round!.Id,
                    Challenge = challenge,
                    CreatedAt = checkIn.SubmittedAt!.Value,
                    Reply = replied ? faker.PickRandom(DemoHistoryText.CoachReplies) : null,
                    RepliedByMemberId = replied ? by.Id : null,
                    RepliedAt = replied ? repliedAt : null,
                });
            }
        }

        /// A message as the outbox leaves it once sent, or refused for a member the bot cannot reach.
        private void Sent(string key, Member to, string card, string text, DateTimeOffset at)
        {
            var platforms = identities.Where(i => i.Member == to || (to.Id != 0 && i.MemberId == to.Id)).Select(i => i.Platform).ToList();
            Platform? platform = platforms.Count == 0 ? null : platforms.Contains(to.PreferredPlatform) ? to.PreferredPlatform : platforms[0];
            db.Deliveries.Add(new Delivery
            {
                IdempotencyKey = key,
                MemberId = to.Id,
                Platform = platform,
                CardName = card,
                DataJson = "{}",
                Text = text,
                Status = platform is null ? DeliveryStatus.Unreachable : DeliveryStatus.Sent,
                Attempts = 1,
                CreatedAt = at,
                SentAt = platform is null ? null : at.AddSeconds(2),
                LastError = platform is null ? "The member has no reachable identity on any platform." : null,
            });
        }

        private bool Reachable(Member member) => identities.Any(i => i.Member == member || (member.Id != 0 && i.MemberId == member.Id));

        private static IEnumerable<Member> Teachers(Cohort cohort) => cohort.Members.Where(m => m.Role == MemberRole.Teacher).OrderBy(m => m.Id);

        private void Audit(string action, string subject, object details, DateTimeOffset at, string actor = Actor) =>
            db.AuditLog.Add(new AuditEntry { At = at, Actor = actor, Action = action, Subject = subject, DistrictId = district.Id, DetailsJson = JsonSerializer.Serialize(details) });
    }
}
