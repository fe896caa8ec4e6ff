using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// A teacher asked for help: the request is recorded and the cohort's coach(es) get the
/// <c>support-request</c> card at once, on their own platform, with a Reply that reaches the teacher.
internal sealed class SupportAlerts(CohortDbContext db, OutboxWriter outbox, TimeProvider time)
{
    public async Task<SupportRequest> RequestAsync(Cohort cohort, Member teacher, Round? round, string? challenge, CancellationToken cancellationToken)
    {
        var request = db.SupportRequests.Add(new SupportRequest
        {
            CohortId = cohort.Id,
            MemberId = teacher.Id,
            RoundId = round?.Id,
            Challenge = string.IsNullOrWhiteSpace(challenge) ? null : challenge,
            CreatedAt = time.GetUtcNow(),
        }).Entity;
        // The card names the request, so it needs its id before the unit of work is saved.
        await db.SaveChangesAsync(cancellationToken);
        foreach (var coach in await CoachesAsync(cohort, cancellationToken))
            outbox.ToMember($"support:{request.Id}/coach:{coach.Id}", coach.Id, CheckInCards.SupportRequest(request, teacher, cohort, teacher.Site?.Name, round));
        return request;
    }

    /// "Ask my coach" on a library answer: the question, with what the library offered, goes to the
    /// cohort's coach(es) as a <c>coach-question</c> card. Returns the coach's name (null: a coordinator's).
    public async Task<string?> AskAsync(Cohort cohort, Member teacher, string question, IReadOnlyList<(string Title, string Url)> offered, CancellationToken cancellationToken)
    {
        var request = db.SupportRequests.Add(new SupportRequest
        {
            CohortId = cohort.Id,
            MemberId = teacher.Id,
            Question = true,
            Challenge = question.Length > CheckInForm.MaxTextLength ? question[..CheckInForm.MaxTextLength] : question,
            OfferedJson = System.Text.Json.JsonSerializer.Serialize(offered.Select(o => new OfferedLink(o.Title, o.Url))),
            CreatedAt = time.GetUtcNow(),
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        var coaches = await CoachesAsync(cohort, cancellationToken);
        foreach (var coach in coaches)
            outbox.ToMember($"support:{request.Id}/coach:{coach.Id}", coach.Id, Resources.ResourceCards.CoachQuestion(request, teacher, cohort, teacher.Site?.Name, offered, coach.TimeZone));
        return coaches.FirstOrDefault(c => c.Role == MemberRole.Coach)?.DisplayName;
    }

    /// A question still unanswered, raised to the coach(es) once more, outside their quiet hours.
    public async Task RaiseAgainAsync(SupportRequest request, CancellationToken cancellationToken)
    {
        var cohort = await db.Cohorts.Include(c => c.Members).ThenInclude(m => m.Site).SingleAsync(c => c.Id == request.CohortId, cancellationToken);
        var teacher = cohort.Members.FirstOrDefault(m => m.Id == request.MemberId) ?? await db.Members.SingleAsync(m => m.Id == request.MemberId, cancellationToken);
        request.RaisedAgainAt = time.GetUtcNow();
        var quiet = RoundService.Quiet(cohort);
        foreach (var coach in await CoachesAsync(cohort, cancellationToken))
        {
            var at = quiet.NextAllowed(time.GetUtcNow(), coach.TimeZone);
            outbox.ToMember($"support:{request.Id}/again/coach:{coach.Id}", coach.Id, Resources.ResourceCards.CoachQuestion(request, teacher, cohort, teacher.Site?.Name, Offered(request), coach.TimeZone), at > time.GetUtcNow() ? at : null);
        }
    }

    public static IReadOnlyList<(string Title, string Url)> Offered(SupportRequest request) =>
        request.OfferedJson is { } json ? [.. (System.Text.Json.JsonSerializer.Deserialize<List<OfferedLink>>(json) ?? []).Select(o => (o.Title, o.Url))] : [];

    /// Who answers for a cohort: its coaches, or the district's coordinators when it has none.
    public async Task<List<Member>> CoachesAsync(Cohort cohort, CancellationToken cancellationToken)
    {
        var coaches = await db.Members.Where(m => m.Role == MemberRole.Coach && m.Cohorts.Any(c => c.Id == cohort.Id)).ToListAsync(cancellationToken);
        return coaches.Count > 0 ? coaches : await db.Members.Where(m => m.DistrictId == cohort.DistrictId && m.Role == MemberRole.Coordinator).ToListAsync(cancellationToken);
    }

    private sealed record OfferedLink(string Title, string Url);
}

/// <c>coach</c> (a short form to ask the teacher's coach at any time), <c>support.ask</c> (its
/// submission) and <c>support.reply</c> (the coach's answer, which goes to the teacher 1:1 and is recorded).
internal sealed class SupportHandler(CohortDbContext db, RoundService rounds, SupportAlerts alerts, Resources.ResourceLibrary library, OutboxWriter outbox, TimeProvider time) : ITurnHandler
{
    public const string Ask = "support.ask";
    public const string Reply = "support.reply";

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.MemberId is not { } memberId)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("I don't know you yet: ask your coordinator to add you to your cohort's roster."));

        if (turn.Verb == Reply)
            return await ReplyAsync(turn, memberId, cancellationToken);

        var cohortId = await db.Members.Where(m => m.Id == memberId).SelectMany(m => m.Cohorts).OrderBy(c => c.Id).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
        if (cohortId is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("You are not in a cohort yet, so there is no coach to ask."));
        var cohort = await rounds.CohortAsync(cohortId.Value, cancellationToken);
        var coach = await rounds.CoachNameAsync(cohort.Id, cancellationToken);
        if (turn.Kind != TurnKind.Action)
            return TurnResponse.OpenForm(CheckInCards.SupportForm(coach));

        var challenge = turn.Data.Value("challenge");
        if (string.IsNullOrWhiteSpace(challenge) || challenge.Length > CheckInForm.MaxTextLength)
        {
            var error = string.IsNullOrWhiteSpace(challenge) ? "Tell your coach what you would like help with." : $"Please keep this to {CheckInForm.MaxTextLength} characters (it has {challenge.Length}).";
            return TurnResponse.Invalid(CheckInCards.SupportForm(coach, error, challenge), new Dictionary<string, string> { ["challenge"] = error });
        }
        var teacher = cohort.Members.First(m => m.Id == memberId);
        var open = await db.Rounds.Where(r => r.CohortId == cohort.Id && r.Status == RoundStatus.Open).FirstOrDefaultAsync(cancellationToken);
        await alerts.RequestAsync(cohort, teacher, open, challenge, cancellationToken);
        return TurnResponse.Replace(CheckInCards.Notice(coach is null ? "Sent to your coordinator: they will get back to you." : $"Sent to {coach}: they will get back to you."));
    }

    private async Task<TurnResponse> ReplyAsync(Turn turn, int coachId, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("requestId"), out var requestId) || await db.SupportRequests.FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken) is not { } request)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that request any more."));
        var coach = await db.Members.SingleAsync(m => m.Id == coachId, cancellationToken);
        var cohort = await rounds.CohortAsync(request.CohortId, cancellationToken);
        var mayAnswer = coach.Role == MemberRole.Coordinator ? coach.DistrictId == cohort.DistrictId : cohort.Members.Any(m => m.Id == coachId && m.Role == MemberRole.Coach);
        if (!mayAnswer)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("Only the cohort's coaches can answer this request."));

        var text = turn.Data.Value("reply");
        var teacher = cohort.Members.First(m => m.Id == request.MemberId);
        if (string.IsNullOrWhiteSpace(text) || text.Length > CheckInForm.MaxTextLength)
        {
            var error = string.IsNullOrWhiteSpace(text) ? "Write your reply first." : $"Please keep this to {CheckInForm.MaxTextLength} characters (it has {text.Length}).";
            var again = request.Question
                ? Resources.ResourceCards.CoachQuestion(request, teacher, cohort, teacher.Site?.Name, SupportAlerts.Offered(request), coach.TimeZone, error)
                : CheckInCards.SupportRequest(request, teacher, cohort, teacher.Site?.Name, null, error);
            return TurnResponse.Invalid(again, new Dictionary<string, string> { ["reply"] = error });
        }
        if (request.RepliedAt is not null && request.Question)
            return TurnResponse.Replace(CheckInCards.Notice($"{teacher.DisplayName} has an answer already."));

        request.Reply = text;
        request.RepliedByMemberId = coachId;
        request.RepliedAt = time.GetUtcNow();
        // A link in the coach's answer is worth keeping for the next teacher who asks.
        if (request.Question)
            await library.CaptureAsync([cohort], coach, text, Resources.Capture.MessageFormat.Plain, new Resources.ResourceLibrary.Source(null, null), Resources.ResourceStatus.Active, cancellationToken);
        var message = request.Question
            ? $"{coach.DisplayName} answered your question \"{Resources.ResourceCards.Short(request.Challenge ?? "")}\": {text}"
            : $"{coach.DisplayName} answered: {text}";
        outbox.ToMember($"support:{request.Id}/reply:{turn.Id}", teacher.Id, CheckInCards.Notice(message));
        return TurnResponse.Replace(CheckInCards.Notice($"Your reply went to {teacher.DisplayName}."));
    }
}
