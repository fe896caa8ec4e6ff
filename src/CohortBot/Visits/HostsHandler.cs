using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Visits;

/// <c>hosts [MODEL]</c>, for coaches (their cohorts) and coordinators (the district): the "positive
/// deviants" worth asking to host, read from the last three rounds of each cohort: teachers who used
/// the model and rated their progress 4 or 5, and have never offered a visit. <c>visit.invite</c>
/// sends one of them the invitation, once per asker, teacher and model.
internal sealed class HostsHandler(CohortDbContext db, OutboxWriter outbox, VisitPeople people, TimeProvider time) : ITurnHandler
{
    public const string Invite = "visit.invite";

    /// Rounds looked at per cohort, the most recent first.
    public const int RecentRounds = 3;

    public const int GoingWell = 4;

    private const int Shown = 15;

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var asker = await Coordinators.MemberAsync(db, turn, cancellationToken);
        if (asker is null || asker.Role == MemberRole.Teacher)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("Only coaches and coordinators can look for visit hosts. To open your own classroom, write \"offer visit\"."));
        if (turn.Verb == Invite)
            return await InviteAsync(turn, asker, cancellationToken);

        string? model = null;
        if (turn.Arguments.Length > 0 && (model = VisitModels.Find(turn.Arguments)) is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice(VisitModels.Unknown(turn.Arguments)));
        var card = await CardAsync(asker, model, note: null, cancellationToken);
        return turn.Kind == TurnKind.Command
            ? new TurnResponse { Direct = [card], PrivateReplies = [CheckInCards.Notice("It is in our direct messages: have a look there.")] }
            : new TurnResponse { Direct = [card] };
    }

    private async Task<TurnResponse> InviteAsync(Turn turn, Member asker, CancellationToken cancellationToken)
    {
        var model = VisitRoster.Model(turn.Data.Value("model"));
        if (!int.TryParse(turn.Data.Value("memberId"), out var teacherId) || model is null)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that teacher any more."));
        var candidates = await CandidatesAsync(asker, model, cancellationToken);
        if (candidates.FirstOrDefault(c => c.Teacher.Id == teacherId) is not { Teacher: { } teacher })
            return TurnResponse.Replace(await CardAsync(asker, model, "That teacher is no longer on this list (they may have offered a visit already).", cancellationToken));

        var key = Key(asker, teacher.Id, model);
        string note;
        if (await db.Deliveries.AnyAsync(d => d.IdempotencyKey == key, cancellationToken))
        {
            note = $"You invited {teacher.DisplayName} to host {model} already.";
        }
        else
        {
            outbox.ToMember(key, teacher.Id, VisitCards.Invite(asker, teacher, model), await people.HeldUntilAsync(teacher, time.GetUtcNow(), cancellationToken));
            note = $"Invitation sent to {teacher.DisplayName}.";
        }
        var invited = new HashSet<string>(StringComparer.Ordinal) { key };
        return TurnResponse.Replace(await CardAsync(asker, model, note, cancellationToken, invited));
    }

    private async Task<CardMessage> CardAsync(Member asker, string? model, string? note, CancellationToken cancellationToken, HashSet<string>? alsoInvited = null)
    {
        var candidates = (await CandidatesAsync(asker, model, cancellationToken)).Take(Shown).ToList();
        var keys = candidates.Select(c => Key(asker, c.Teacher.Id, c.Model)).ToList();
        var invited = (await db.Deliveries.AsNoTracking().Where(d => keys.Contains(d.IdempotencyKey)).Select(d => d.IdempotencyKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        invited.UnionWith(alsoInvited ?? []);
        var scope = asker.Role == MemberRole.Coordinator ? "Teachers of every cohort in your district" : "Teachers of your cohorts";
        var card = VisitCards.Hosts(model, $"{scope}, from the last {RecentRounds} check-ins, who have not hosted a visit yet.",
            [.. candidates.Select(c => (c.Teacher, c.Model, c.Progress, invited.Contains(Key(asker, c.Teacher.Id, c.Model))))], note);
        return card;
    }

    /// Teachers in the asker's reach whose recent check-ins show <paramref name="model"/> (any model,
    /// when null) with progress of 4 or more, and who have never offered a slot: each with the model and
    /// progress of their latest such check-in.
    private async Task<List<(Member Teacher, string Model, int Progress)>> CandidatesAsync(Member asker, string? model, CancellationToken cancellationToken)
    {
        var cohorts = asker.Role == MemberRole.Coordinator
            ? db.Cohorts.Where(c => c.DistrictId == asker.DistrictId)
            : db.Cohorts.Where(c => c.Members.Any(m => m.Id == asker.Id));
        var cohortIds = await cohorts.Select(c => c.Id).ToListAsync(cancellationToken);
        var rounds = new List<int>();
        foreach (var cohortId in cohortIds)
        {
            rounds.AddRange(await db.Rounds.Where(r => r.CohortId == cohortId && (r.Status == RoundStatus.Closed || r.Status == RoundStatus.Open))
                .OrderByDescending(r => r.Number).Take(RecentRounds).Select(r => r.Id).ToListAsync(cancellationToken));
        }
        var checkIns = await db.CheckIns.AsNoTracking().Include(c => c.Member).ThenInclude(m => m!.Site).Include(c => c.Round)
            .Where(c => rounds.Contains(c.RoundId) && c.Member!.Role == MemberRole.Teacher && !db.VisitSlots.Any(s => s.HostId == c.MemberId))
            .ToListAsync(cancellationToken);

        var found = new List<(Member Teacher, string Model, int Progress)>();
        foreach (var teacher in checkIns.GroupBy(c => c.MemberId))
        {
            foreach (var checkIn in teacher.OrderByDescending(c => c.Round!.OpensAt))
            {
                var answers = JsonNode.Parse(checkIn.AnswersJson) as JsonObject;
                var progress = Progress(answers);
                if (progress is not >= GoingWell)
                    continue;
                var used = Models(answers);
                var match = model is null ? used.FirstOrDefault() : used.FirstOrDefault(m => m == model);
                if (match is null)
                    continue;
                found.Add((checkIn.Member!, match, progress.Value));
                break;
            }
        }
        return [.. found.OrderByDescending(f => f.Progress).ThenBy(f => f.Teacher.DisplayName, StringComparer.Ordinal)];
    }

    /// The models a check-in names: kept as the choices' text, a list (older answers may hold one
    /// comma-joined string, as Teams sends a multi-select).
    private static List<string> Models(JsonObject? answers) => answers?["models"] switch
    {
        JsonArray many => [.. many.Select(m => VisitRoster.Model(m?.ToString())).OfType<string>()],
        JsonValue one => [.. one.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(VisitRoster.Model).OfType<string>()],
        _ => [],
    };

    private static int? Progress(JsonObject? answers) => answers?["progress"] switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when int.TryParse(v.ToString(), out var i) => i,
        _ => null,
    };

    private static string Key(Member asker, int teacherId, string model) =>
        $"visit-invite:member:{asker.Id}/teacher:{teacherId}/model:{model.Replace(' ', '-').ToLowerInvariant()}";
}
