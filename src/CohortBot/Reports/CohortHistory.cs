using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// A cohort's rounds in numbers, read from the store: what the cohorts index, the cohort page, the
/// board report and the exports draw. A closed round's figures are those frozen at its close (so
/// erasing a member later leaves them as they were); an open round's are counted from its answers.
/// Who was invited to a round is who was sent its check-in (the roster of the day); a round without
/// deliveries (imported history) counts the cohort's teachers.
internal sealed class CohortHistory(CohortDbContext db)
{
    public sealed record Answer(Member Member, JsonObject Answers, DateTimeOffset? At);

    /// A round's figures: its totals (for the charts and the board) and the questions as the round
    /// asked them (<see cref="RoundQuestions"/>). Names and answers are in <see cref="RoundPeople"/>.
    public sealed record RoundFigures(Round Round, RoundTotals Totals, IReadOnlyList<Question> Questions)
    {
        public double Participation => Totals.Invited == 0 ? 0 : (double)Totals.Answered / Totals.Invited;

        public int AnsweredCount => Totals.Answered;

        public int InvitedCount => Totals.Invited;

        public double? SiteParticipation(string site) =>
            Totals.Sites.FirstOrDefault(s => s.Site == site) is { Invited: > 0 } t ? (double)t.Answered / t.Invited : null;

        public int Chose(string key, string choice) => key switch
        {
            CheckInForm.FollowedThroughKey => Totals.FollowThrough.FirstOrDefault(c => c.Choice == choice)?.Count ?? 0,
            CheckInForm.CoachSupportKey when choice == "Yes" => Totals.AskedForSupport,
            _ => Totals.Choices.FirstOrDefault(c => c.Key == key)?.Counts.FirstOrDefault(c => c.Choice == choice)?.Count ?? 0,
        };

        public int FollowThroughAsked => Totals.FollowThrough.Sum(c => c.Count);

        public double? Mean(string key) => Totals.Ratings.FirstOrDefault(r => r.Key == key)?.Mean;

        public double? Spread(string key) => Totals.Ratings.FirstOrDefault(r => r.Key == key)?.Spread;

        public int RatingCount(string key) => Totals.Ratings.FirstOrDefault(r => r.Key == key)?.Count ?? 0;
    }

    /// Who a round asked, who answered and what, and how each check-in's delivery went: the round
    /// page and the exports (the people there are now: an erased member is no longer among them).
    public sealed record RoundPeople(IReadOnlyList<Member> Invited, IReadOnlyList<Answer> Answers, IReadOnlyDictionary<int, DeliveryStatus> Deliveries)
    {
        public IEnumerable<Member> Pending => Invited.Where(m => Answers.All(a => a.Member.Id != m.Id));
    }

    /// <paramref name="Questions"/>: the cohort's questions as they are now, then those its rounds
    /// asked that the set no longer has (each as it was last asked), so their answers stay in reports.
    public sealed record Figures(Cohort Cohort, IReadOnlyList<Question> Questions, IReadOnlyList<RoundFigures> Rounds, IReadOnlyList<Member> Teachers, IReadOnlyList<SupportRequest> Support)
    {
        public IEnumerable<RoundFigures> Held => Rounds.Where(r => r.Round.Status != RoundStatus.Scheduled);

        public IEnumerable<string> Sites => Teachers.Select(SiteOf).Distinct().Order(StringComparer.Ordinal);

        public IEnumerable<Question> RatingQuestions => Questions.Where(q => q.Kind == QuestionKind.Rating);

        public IEnumerable<Question> ChoiceQuestions => Questions.Where(q => q.Kind is QuestionKind.MultipleChoice or QuestionKind.SingleChoice);
    }

    /// A teacher's rounds in the cohort: how many they were asked and answered, and their answers to
    /// one rating question in order (the cohort page's table of members).
    public sealed record MemberRounds(Member Teacher, int Invited, int Answered, IReadOnlyList<int> Ratings);

    public static string SiteOf(Member member) => member.Site?.Name ?? "No site";

    /// The cohort's rounds that opened between <paramref name="from"/> and <paramref name="to"/>, and the
    /// support requests made between them (all when null).
    public async Task<Figures> OfAsync(int cohortId, DateOnly? from = null, DateOnly? to = null, CancellationToken cancellationToken = default)
    {
        var (cohort, rounds) = (await LoadAsync([cohortId], from, to, last: null, members: true, cancellationToken)).Single();
        var questions = cohort.QuestionSet!.Questions.OrderBy(q => q.Position).ToList();
        foreach (var removed in rounds.AsEnumerable().Reverse().SelectMany(r => r.Questions).Where(q => questions.All(l => l.Key != q.Key)).DistinctBy(q => q.Key).ToList())
            questions.Add(removed);
        var support = (await db.SupportRequests.AsNoTracking().Where(s => s.CohortId == cohortId).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken))
            .Where(s => DateOnly.FromDateTime(s.CreatedAt.UtcDateTime) is var day && (from is null || day >= from) && (to is null || day <= to)).ToList();
        return new Figures(cohort, questions, rounds, [.. RoundService.Teachers(cohort)], support);
    }

    /// A cohort with some of its rounds' figures (the index's rows: no members, no questions beyond the rounds').
    public sealed record CohortRounds(Cohort Cohort, IReadOnlyList<RoundFigures> Rounds);

    /// Each cohort's last <paramref name="last"/> rounds, read together (the index's rows).
    public Task<List<CohortRounds>> RecentAsync(IReadOnlyCollection<int> cohortIds, int last, CancellationToken cancellationToken) =>
        LoadAsync(cohortIds, null, null, last, members: false, cancellationToken);

    /// Who each of <paramref name="rounds"/> (of <paramref name="figures"/>) asked and who answered, by round id.
    public Task<Dictionary<int, RoundPeople>> PeopleAsync(Figures figures, IEnumerable<RoundFigures> rounds, CancellationToken cancellationToken) =>
        PeopleOfAsync([figures.Cohort], [.. rounds.Select(r => r.Round)], cancellationToken);

    /// Each teacher's rounds among those of <paramref name="figures"/>, with their answers to <paramref name="ratingKey"/>.
    public async Task<List<MemberRounds>> MemberRoundsAsync(Figures figures, string ratingKey, CancellationToken cancellationToken)
    {
        var held = figures.Held.ToList();
        var rolls = await RollsAsync(figures, held, cancellationToken);
        return [.. figures.Teachers.Select(teacher =>
        {
            var asked = held.Select(r => rolls[r.Round.Id]).Where(roll => roll.ContainsKey(teacher.Id)).Select(roll => roll[teacher.Id]).ToList();
            var answers = asked.OfType<Dictionary<string, int>>().ToList();
            return new MemberRounds(teacher, asked.Count, answers.Count, [.. answers.Where(a => a.ContainsKey(ratingKey)).Select(a => a[ratingKey])]);
        })];
    }

    /// Who each of <paramref name="held"/> asked and what they rated (<see cref="RoundRoll"/>), by round
    /// id: kept for a closed round (kept here the first time one is read), counted for an open one.
    private async Task<Dictionary<int, Dictionary<int, Dictionary<string, int>?>>> RollsAsync(Figures figures, List<RoundFigures> held, CancellationToken cancellationToken)
    {
        var ids = held.Select(r => r.Round.Id).ToList();
        var rolls = (await db.RoundRolls.AsNoTracking().Where(r => ids.Contains(r.RoundId)).ToListAsync(cancellationToken)).ToDictionary(r => r.RoundId, r => r.Members());
        var counted = held.Where(r => !rolls.ContainsKey(r.Round.Id)).ToList();
        if (counted.Count == 0)
            return rolls;
        var countedIds = counted.Select(r => r.Round.Id).ToList();
        // Who was sent each round's check-in, from the keys alone (the key index holds them: no delivery is read).
        var sent = (await db.CheckInsOf(countedIds).Select(d => d.IdempotencyKey).ToListAsync(cancellationToken))
            .Select(CheckInDeliveries.Addressee).OfType<(int RoundId, int MemberId)>().ToLookup(s => s.RoundId, s => s.MemberId);
        var answers = (await db.CheckIns.AsNoTracking().Where(c => countedIds.Contains(c.RoundId)).Select(c => new { c.RoundId, c.MemberId, c.AnswersJson }).ToListAsync(cancellationToken))
            .ToLookup(c => c.RoundId, c => (c.MemberId, c.AnswersJson));
        var teachers = figures.Teachers.Select(t => t.Id).ToList();
        foreach (var round in counted)
        {
            var roll = RoundRoll.Count(round.Questions, [.. sent[round.Round.Id]], teachers, answers[round.Round.Id]);
            rolls[round.Round.Id] = roll;
            if (round.Round.Status == RoundStatus.Closed)
                await KeepAsync(RoundRoll.Of(round.Round.Id, roll), cancellationToken);
        }
        return rolls;
    }

    /// Keeps a closed round's roll, unless a view at the same time kept it first.
    private Task<int> KeepAsync(RoundRoll roll, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"INSERT INTO \"RoundRolls\" (\"RoundId\", \"MembersJson\") VALUES ({roll.RoundId}, {roll.MembersJson}) ON CONFLICT DO NOTHING", cancellationToken);

    /// The cohorts (with their members when <paramref name="members"/>, or when a round must be counted)
    /// and their held rounds' figures, oldest first.
    private async Task<List<CohortRounds>> LoadAsync(IReadOnlyCollection<int> cohortIds, DateOnly? from, DateOnly? to, int? last, bool members, CancellationToken cancellationToken)
    {
        var cohorts = await CohortsAsync(cohortIds, members, cancellationToken);
        var held = db.Rounds.AsNoTracking()
            .Where(r => cohortIds.Contains(r.CohortId) && r.Status != RoundStatus.Scheduled && (from == null || r.Date >= from) && (to == null || r.Date <= to));
        List<Round> rounds;
        if (last is { } count)
        {
            // Which rounds are each cohort's last, from their dates alone; then only those are read whole.
            var dates = await held.Select(r => new { r.Id, r.CohortId, r.Date }).ToListAsync(cancellationToken);
            var ids = dates.GroupBy(r => r.CohortId).SelectMany(g => g.OrderByDescending(r => r.Date).Take(count)).Select(r => r.Id).ToList();
            rounds = await db.Rounds.AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        }
        else
        {
            rounds = await held.ToListAsync(cancellationToken);
        }

        // Rounds without frozen figures (the open ones, and those closed before figures were kept) are counted now,
        // from their cohorts' members; a closed one keeps what was counted, as if it had been frozen at its close.
        var totals = rounds.ToDictionary(r => r.Id, RoundTotals.Frozen);
        var counted = rounds.Where(r => totals[r.Id] is null).ToList();
        if (counted.Count > 0 && !members)
        {
            var whole = (await CohortsAsync([.. counted.Select(r => r.CohortId).Distinct()], members: true, cancellationToken)).ToDictionary(c => c.Id);
            cohorts = [.. cohorts.Select(c => whole.GetValueOrDefault(c.Id) ?? c)];
        }
        var byId = cohorts.ToDictionary(c => c.Id);
        var people = counted.Count == 0 ? [] : await PeopleOfAsync([.. counted.Select(r => byId[r.CohortId]).Distinct()], counted, cancellationToken);
        foreach (var round in counted)
        {
            var computed = RoundTotals.Compute(people[round.Id].Invited, [.. people[round.Id].Answers.Select(a => new RoundSummary.Answer(a.Member, a.Answers))], RoundQuestions.Of(round, byId[round.CohortId]));
            totals[round.Id] = computed;
            if (round.Status == RoundStatus.Closed)
            {
                var json = computed.ToJson();
                await db.Rounds.Where(r => r.Id == round.Id && r.ClosedTotalsJson == null).ExecuteUpdateAsync(set => set.SetProperty(r => r.ClosedTotalsJson, json), cancellationToken);
            }
        }

        var roundsOf = rounds.ToLookup(r => r.CohortId);
        return [.. cohorts.Select(cohort => new CohortRounds(cohort,
            [.. roundsOf[cohort.Id].OrderBy(r => r.Date).Select(r => new RoundFigures(r, totals[r.Id]!, RoundQuestions.Of(r, cohort)))]))];
    }

    private Task<List<Cohort>> CohortsAsync(IReadOnlyCollection<int> cohortIds, bool members, CancellationToken cancellationToken)
    {
        var cohorts = db.Cohorts.AsNoTracking().Include(c => c.QuestionSet).Where(c => cohortIds.Contains(c.Id)).OrderBy(c => c.Name);
        return (members ? cohorts.Include(c => c.Members).ThenInclude(m => m.Site).AsSplitQuery() : cohorts).ToListAsync(cancellationToken);
    }

    private async Task<Dictionary<int, RoundPeople>> PeopleOfAsync(IReadOnlyCollection<Cohort> cohorts, IReadOnlyList<Round> rounds, CancellationToken cancellationToken)
    {
        var ids = rounds.Select(r => r.Id).ToList();
        var checkIns = (await db.CheckIns.AsNoTracking().Where(c => ids.Contains(c.RoundId)).Select(c => new { c.RoundId, c.MemberId, c.AnswersJson, c.SubmittedAt }).ToListAsync(cancellationToken))
            .ToLookup(c => c.RoundId);
        var sent = (await db.CheckInsOf(ids).AsNoTracking().Where(d => d.MemberId != null).Select(d => new { d.IdempotencyKey, MemberId = d.MemberId!.Value, d.Status }).ToListAsync(cancellationToken))
            .ToLookup(d => CheckInDeliveries.Addressee(d.IdempotencyKey)?.RoundId);
        // Those who answered and are no longer members (their answers stay in the history).
        var people = cohorts.SelectMany(c => c.Members).DistinctBy(m => m.Id).ToDictionary(m => m.Id);
        var formerIds = checkIns.SelectMany(g => g).Select(c => c.MemberId).Where(id => !people.ContainsKey(id)).Distinct().ToList();
        if (formerIds.Count > 0)
        {
            foreach (var former in await db.Members.AsNoTracking().Include(m => m.Site).Where(m => formerIds.Contains(m.Id)).ToListAsync(cancellationToken))
                people.Add(former.Id, former);
        }
        var teachers = cohorts.ToDictionary(c => c.Id, c => RoundService.Teachers(c).ToList());
        return rounds.ToDictionary(r => r.Id, round =>
        {
            var deliveries = sent[round.Id].ToDictionary(d => d.MemberId, d => d.Status);
            var answers = checkIns[round.Id].Where(c => people.ContainsKey(c.MemberId))
                .Select(c => new Answer(people[c.MemberId], JsonNode.Parse(c.AnswersJson) as JsonObject ?? [], c.SubmittedAt)).ToList();
            var invited = deliveries.Count > 0
                ? deliveries.Keys.Concat(answers.Select(a => a.Member.Id)).Distinct().Where(people.ContainsKey).Select(id => people[id]).ToList()
                : teachers[round.CohortId].Concat(answers.Select(a => a.Member)).DistinctBy(m => m.Id).ToList();
            return new RoundPeople(invited, answers, deliveries);
        });
    }

    public static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);
}
