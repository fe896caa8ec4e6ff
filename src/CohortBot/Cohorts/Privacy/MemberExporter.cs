using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Cohorts.Privacy;

/// Reads everything held about one member into JSON a person can read: their words with the
/// question they answered, names of cohorts, sessions and resources rather than ids. Other people's
/// words are left out (the data of a card to them may hold a summary of others' answers: only its
/// key, card, status, times and text line are shown). Never logged.
internal sealed class MemberExporter(CohortDbContext db)
{
    public async Task<JsonObject> ExportAsync(Member member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = member.Id;
        var district = await db.Districts.AsNoTracking().Where(d => d.Id == member.DistrictId).Select(d => d.Name).SingleAsync(cancellationToken);
        var cohortNames = await db.Cohorts.AsNoTracking().Where(c => c.DistrictId == member.DistrictId).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return new JsonObject
        {
            ["exportedAt"] = now,
            ["profile"] = new JsonObject
            {
                ["id"] = id,
                ["name"] = member.DisplayName,
                ["email"] = member.Email,
                ["role"] = member.Role.ToString(),
                ["district"] = district,
                ["site"] = member.Site?.Name,
                ["timeZone"] = member.TimeZone,
                ["preferredPlatform"] = member.PreferredPlatform.ToString(),
            },
            ["cohorts"] = Array(member.Cohorts.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => (JsonNode)c.Name)),
            ["platformIdentities"] = Array((await db.Identities.AsNoTracking().Where(i => i.MemberId == id).OrderBy(i => i.Platform).ToListAsync(cancellationToken)).Select(i => Node(new
            {
                platform = i.Platform.ToString(), tenant = i.TenantId, userId = i.UserId, linkedBy = i.LinkedBy, linkedAt = i.LinkedAt, conversation = i.ConversationId, unreachable = i.UnreachableReason,
            }))),
            ["checkIns"] = await CheckInsAsync(id, cohortNames, cancellationToken),
            ["supportRequests"] = Array((await db.SupportRequests.AsNoTracking().Where(r => r.MemberId == id).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken)).Select(r => Node(new
            {
                cohort = cohortNames.GetValueOrDefault(r.CohortId), createdAt = r.CreatedAt, askedTheLibrary = r.Question, challenge = r.Challenge, offered = Parse(r.OfferedJson), reply = r.Reply, repliedAt = r.RepliedAt,
            }))),
            ["resourcesShared"] = Array((await db.Resources.AsNoTracking().Where(r => r.SharedByMemberId == id || r.CreditedMemberIds.Contains(id)).OrderBy(r => r.SharedAt).ToListAsync(cancellationToken)).Select(r => Node(new
            {
                cohort = cohortNames.GetValueOrDefault(r.CohortId), title = r.Title, url = r.Url, sharedAt = r.SharedAt, status = r.Status.ToString(), firstSharer = r.SharedByMemberId == id,
            }))),
            ["resourceVotes"] = Array((await db.ResourceVotes.AsNoTracking().Where(v => v.MemberId == id).OrderBy(v => v.At)
                .Select(v => new { v.Question, v.Helpful, v.At, Resource = db.Resources.Where(r => r.Id == v.ResourceId).Select(r => r.Title).FirstOrDefault() }).ToListAsync(cancellationToken))
                .Select(v => Node(new { resource = v.Resource, question = v.Question, helpful = v.Helpful, at = v.At }))),
            ["nudgesReceived"] = Array((await db.NudgeRecipients.AsNoTracking().Where(r => r.MemberId == id)
                .Join(db.Nudges, r => r.NudgeId, n => n.Id, (r, n) => new { n.CohortId, n.Message, n.SentAt, r.DeliveryKey }).OrderBy(n => n.SentAt).ToListAsync(cancellationToken))
                .Select(n => Node(new { cohort = cohortNames.GetValueOrDefault(n.CohortId), message = n.Message, sentAt = n.SentAt, delivery = n.DeliveryKey }))),
            ["nudgesSent"] = Array((await db.Nudges.AsNoTracking().Where(n => n.ByMemberId == id).OrderBy(n => n.PreviewedAt).ToListAsync(cancellationToken)).Select(n => Node(new
            {
                cohort = cohortNames.GetValueOrDefault(n.CohortId), message = n.Message, audience = n.Audience.ToString(), status = n.Status.ToString(), sentAt = n.SentAt,
            }))),
            ["deliveries"] = Array((await db.Deliveries.AsNoTracking().Where(d => d.MemberId == id).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(cancellationToken)).Select(d => Node(new
            {
                key = d.IdempotencyKey, card = d.CardName, status = d.Status.ToString(), platform = d.Platform?.ToString(), createdAt = d.CreatedAt, notBefore = d.NotBefore, sentAt = d.SentAt, text = d.Text,
            }))),
            ["series"] = await SeriesAsync(id, cancellationToken),
            ["visits"] = await VisitsAsync(id, cancellationToken),
            ["auditEntries"] = await AuditAsync(member, cancellationToken),
        };
    }

    /// Each answer under the question's prompt, so the export reads without the question set.
    private async Task<JsonArray> CheckInsAsync(int id, Dictionary<int, string> cohortNames, CancellationToken cancellationToken)
    {
        var checkIns = await db.CheckIns.AsNoTracking().Where(c => c.MemberId == id)
            .Select(c => new { c.AnswersJson, c.SubmittedAt, c.LastEditedAt, c.Round!.Number, c.Round.Date, c.Round.CohortId, c.Round.QuestionsJson })
            .ToListAsync(cancellationToken);
        var cohortIds = checkIns.Select(c => c.CohortId).Distinct().ToList();
        var prompts = (await db.Cohorts.AsNoTracking().Include(c => c.QuestionSet).Where(c => cohortIds.Contains(c.Id)).ToListAsync(cancellationToken))
            .ToDictionary(c => c.Id, c => c.QuestionSet!.Questions.ToDictionary(q => q.Key, q => q.Prompt));
        return Array(checkIns.OrderBy(c => c.Date).Select(c =>
        {
            var answers = JsonSerializer.Deserialize<JsonObject>(c.AnswersJson) ?? [];
            // The prompts as the round asked them, when it kept them.
            var questions = CheckIns.RoundQuestions.Read(c.QuestionsJson)?.ToDictionary(q => q.Key, q => q.Prompt)
                ?? prompts.GetValueOrDefault(c.CohortId) ?? [];
            return (JsonNode)new JsonObject
            {
                ["cohort"] = cohortNames.GetValueOrDefault(c.CohortId),
                ["round"] = c.Number,
                ["date"] = c.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["submittedAt"] = c.SubmittedAt,
                ["lastEditedAt"] = c.LastEditedAt,
                ["answers"] = Array(answers.Select(a => (JsonNode)new JsonObject
                {
                    ["question"] = questions.GetValueOrDefault(a.Key) ?? a.Key,
                    ["answer"] = a.Value?.DeepClone(),
                })),
            };
        }));
    }

    private async Task<JsonObject> SeriesAsync(int id, CancellationToken cancellationToken)
    {
        var sessions = await db.Sessions.AsNoTracking().Select(s => new { s.Id, s.Title, s.StartsAt, s.EndsAt, Series = s.Series!.Title }).ToDictionaryAsync(s => s.Id, cancellationToken);
        string? Title(int sessionId) => sessions.TryGetValue(sessionId, out var s) ? s.Title : null;
        var commitments = await db.Commitments.AsNoTracking().Where(c => c.MemberId == id)
            .Select(c => new { c.MissingSessionIds, c.Reason, c.AnsweredAt, c.EditedAt, Series = db.Series.Where(s => s.Id == c.SeriesId).Select(s => s.Title).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var attendance = await db.Attendance.AsNoTracking().Where(a => a.MemberId == id).OrderBy(a => a.RecordedAt).ToListAsync(cancellationToken);
        var reflections = await db.SessionReflections.AsNoTracking().Where(r => r.MemberId == id).OrderBy(r => r.SubmittedAt).ToListAsync(cancellationToken);
        var facilitated = await db.Sessions.AsNoTracking().Where(s => s.FacilitatorId == id).OrderBy(s => s.StartsAt).Select(s => s.Title).ToListAsync(cancellationToken);
        return new JsonObject
        {
            ["commitments"] = Array(commitments.Select(c => Node(new { series = c.Series, commitsToAll = c.MissingSessionIds.Count == 0, cannotAttend = c.MissingSessionIds.Select(Title), reason = c.Reason, answeredAt = c.AnsweredAt, editedAt = c.EditedAt }))),
            ["attendance"] = Array(attendance.Select(a => Node(new
            {
                session = Title(a.SessionId), startsAt = sessions.TryGetValue(a.SessionId, out var s) ? s.StartsAt : (DateTimeOffset?)null,
                minutes = sessions.TryGetValue(a.SessionId, out var t) ? (int)(t.EndsAt - t.StartsAt).TotalMinutes : 0, recorded = a.Source.ToString(), recordedAt = a.RecordedAt,
            }))),
            ["reflections"] = Array(reflections.Select(r => Node(new { session = Title(r.SessionId), usefulness = r.Usefulness, tryFirst = r.TryFirst, submittedAt = r.SubmittedAt }))),
            ["sessionsFacilitated"] = Array(facilitated.Select(t => (JsonNode)t)),
        };
    }

    private async Task<JsonObject> VisitsAsync(int id, CancellationToken cancellationToken)
    {
        var hosted = await db.VisitSlots.AsNoTracking().Where(s => s.HostId == id).OrderBy(s => s.StartsAt).ToListAsync(cancellationToken);
        var bookings = await db.VisitBookings.AsNoTracking().Where(b => b.VisitorId == id)
            .Select(b => new { b.BookedAt, b.CancelledAt, b.Reflection, b.ShareWithHost, b.ReflectedAt, b.Slot!.Model, b.Slot.StartsAt, b.Slot.Room, Host = b.Slot.Host!.DisplayName })
            .ToListAsync(cancellationToken);
        return new JsonObject
        {
            ["hosted"] = Array(hosted.Select(s => Node(new { model = s.Model, grade = s.Grade, startsAt = s.StartsAt, endsAt = s.EndsAt, room = s.Room, seats = s.Seats, booked = s.BookedSeats, note = s.Note, cancelledAt = s.CancelledAt }))),
            ["booked"] = Array(bookings.OrderBy(b => b.StartsAt).Select(b => Node(new { host = b.Host, model = b.Model, startsAt = b.StartsAt, room = b.Room, bookedAt = b.BookedAt, cancelledAt = b.CancelledAt, reflection = b.Reflection, sharedWithHost = b.ShareWithHost, reflectedAt = b.ReflectedAt }))),
        };
    }

    /// The audit entries they did or that name them (by id, or by e-mail for a roster link).
    private async Task<JsonArray> AuditAsync(Member member, CancellationToken cancellationToken)
    {
        var self = $"member:{member.Id}";
        var entries = await db.AuditLog.AsNoTracking()
            .Where(a => a.Actor == self || a.Subject == self || a.Subject == member.Email || a.Actor == member.Email)
            .OrderBy(a => a.Id).ToListAsync(cancellationToken);
        return Array(entries.Select(a => Node(new { at = a.At, actor = a.Actor, action = a.Action, subject = a.Subject, details = Parse(a.DetailsJson) })));
    }

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);

    private static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value)!;

    private static JsonArray Array(IEnumerable<JsonNode?> nodes) => new([.. nodes]);
}
