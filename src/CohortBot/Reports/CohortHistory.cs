using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// A cohort's rounds in numbers, read once from the store: what the cohort page, the board report
/// and the exports draw. Who was invited to a round is who was sent its check-in (the roster of
/// the day); a round without deliveries (imported history) counts the cohort's teachers.
internal sealed class CohortHistory(CohortDbContext db)
{
    public sealed record Answer(Member Member, JsonObject Answers, DateTimeOffset? At);

    /// A round's figures: who was invited and who answered (for the lists), its totals (for the
    /// charts): frozen when it closed, so erasing a member later leaves a closed round's numbers as
    /// they were, and the questions as the round asked them (<see cref="RoundQuestions"/>).
    public sealed record RoundFigures(Round Round, IReadOnlyList<Member> Invited, IReadOnlyList<Answer> Answers, IReadOnlyDictionary<int, DeliveryStatus> Deliveries, RoundTotals Totals, IReadOnlyList<Question> Questions)
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

    /// <paramref name="Questions"/>: the cohort's questions as they are now, then those its rounds
    /// asked that the set no longer has (each as it was last asked), so their answers stay in reports.
    public sealed record Figures(Cohort Cohort, IReadOnlyList<Question> Questions, IReadOnlyList<RoundFigures> Rounds, IReadOnlyList<Member> Teachers, IReadOnlyList<SupportRequest> Support)
    {
        public IEnumerable<RoundFigures> Held => Rounds.Where(r => r.Round.Status != RoundStatus.Scheduled);

        public IEnumerable<string> Sites => Teachers.Select(SiteOf).Distinct().Order(StringComparer.Ordinal);

        public IEnumerable<Question> RatingQuestions => Questions.Where(q => q.Kind == QuestionKind.Rating);

        public IEnumerable<Question> ChoiceQuestions => Questions.Where(q => q.Kind is QuestionKind.MultipleChoice or QuestionKind.SingleChoice);
    }

    public static string SiteOf(Member member) => member.Site?.Name ?? "No site";

    /// The cohort's rounds that opened between <paramref name="from"/> and <paramref name="to"/> (all
    /// when null); only the last <paramref name="last"/> of them when it is given (the index's sparklines).
    public async Task<Figures> OfAsync(int cohortId, DateOnly? from = null, DateOnly? to = null, int? last = null, CancellationToken cancellationToken = default)
    {
        var cohort = await db.Cohorts.AsNoTracking().Include(c => c.QuestionSet).Include(c => c.Members).ThenInclude(m => m.Site).AsSplitQuery().SingleAsync(c => c.Id == cohortId, cancellationToken);
        var held = db.Rounds.AsNoTracking()
            .Where(r => r.CohortId == cohortId && r.Status != RoundStatus.Scheduled && (from == null || r.Date >= from) && (to == null || r.Date <= to));
        var rounds = last is { } count
            ? [.. (await held.OrderByDescending(r => r.Date).Take(count).ToListAsync(cancellationToken)).OrderBy(r => r.Date)]
            : await held.OrderBy(r => r.Date).ToListAsync(cancellationToken);
        var ids = rounds.Select(r => r.Id).ToList();
        var checkIns = (await db.CheckIns.AsNoTracking().Where(c => ids.Contains(c.RoundId)).Select(c => new { c.RoundId, c.MemberId, c.AnswersJson, c.SubmittedAt }).ToListAsync(cancellationToken))
            .ToLookup(c => c.RoundId);
        // The check-ins sent to the cohort's members (their keys name the round), by round.
        var members = cohort.Members.Select(m => m.Id).ToList();
        var wanted = ids.ToHashSet();
        var deliveries = ids.Count == 0 ? [] : await db.Deliveries.AsNoTracking()
            .Where(d => d.MemberId != null && members.Contains(d.MemberId.Value) && d.IdempotencyKey.StartsWith("round:") && d.IdempotencyKey.EndsWith("/checkin"))
            .Select(d => new { d.IdempotencyKey, MemberId = d.MemberId!.Value, d.Status })
            .ToListAsync(cancellationToken);
        var sentByRound = deliveries.Select(d => (Round: RoundOfKey(d.IdempotencyKey), d.MemberId, d.Status)).Where(d => wanted.Contains(d.Round)).ToLookup(d => d.Round);
        // Those who answered and are no longer members (their answers stay in the history).
        var people = cohort.Members.ToDictionary(m => m.Id);
        var formerIds = checkIns.SelectMany(g => g).Select(c => c.MemberId).Where(id => !people.ContainsKey(id)).Distinct().ToList();
        if (formerIds.Count > 0)
        {
            foreach (var former in await db.Members.AsNoTracking().Include(m => m.Site).Where(m => formerIds.Contains(m.Id)).ToListAsync(cancellationToken))
                people.Add(former.Id, former);
        }
        var teachers = RoundService.Teachers(cohort).ToList();
        var questions = cohort.QuestionSet!.Questions.OrderBy(q => q.Position).ToList();
        var asked = rounds.ToDictionary(r => r.Id, r => RoundQuestions.Of(r, cohort));
        foreach (var removed in rounds.OrderByDescending(r => r.Date).SelectMany(r => asked[r.Id]).Where(q => questions.All(l => l.Key != q.Key)).DistinctBy(q => q.Key).ToList())
            questions.Add(removed);

        var figures = rounds.Select(round =>
        {
            var sent = sentByRound[round.Id].ToDictionary(d => d.MemberId, d => d.Status);
            var answers = checkIns[round.Id].Where(c => people.ContainsKey(c.MemberId))
                .Select(c => new Answer(people[c.MemberId], JsonNode.Parse(c.AnswersJson) as JsonObject ?? [], c.SubmittedAt)).ToList();
            var invited = sent.Count > 0
                ? sent.Keys.Concat(answers.Select(a => a.Member.Id)).Distinct().Where(people.ContainsKey).Select(id => people[id]).ToList()
                : teachers.Concat(answers.Select(a => a.Member)).DistinctBy(m => m.Id).ToList();
            var totals = RoundTotals.Of(round, invited, [.. answers.Select(a => new RoundSummary.Answer(a.Member, a.Answers))], asked[round.Id]);
            return new RoundFigures(round, invited, answers, sent, totals, asked[round.Id]);
        }).ToList();
        var support = await db.SupportRequests.AsNoTracking().Where(s => s.CohortId == cohortId).OrderBy(s => s.CreatedAt).ToListAsync(cancellationToken);
        return new Figures(cohort, questions, figures, teachers, support);
    }

    /// The round a check-in delivery's key names (<c>round:ID/member:ID/checkin</c>).
    private static int RoundOfKey(string key) =>
        int.Parse(key.AsSpan(6, key.IndexOf('/', StringComparison.Ordinal) - 6), CultureInfo.InvariantCulture);

    public static string Percent(double share) => share.ToString("P0", CultureInfo.InvariantCulture).Replace(" ", "", StringComparison.Ordinal);
}
