using System.Text.Json.Nodes;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.CheckIns;

/// <c>audit [COHORT]</c>: a coordinator's view of the audit log, the last entries of their district
/// (or, with COHORT, of that cohort), newest first: when (in their own zone), who (a member by name;
/// otherwise the actor as written, such as <c>schedule</c> or <c>import:roster.yaml</c>), what, about
/// what, and to how many when the entry counts an audience (nudges). Entries never hold a teacher's
/// free text; only these parts of their details are shown.
internal sealed class AuditCommands(CohortDbContext db) : ITurnHandler
{
    public const int Shown = 20;

    private const string MemberPrefix = "member:";

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = await Coordinators.MemberAsync(db, turn, cancellationToken);
        if (!member.IsCoordinator())
            return Coordinators.Refusal("read the audit log");

        // A coordinator reads their own district's entries: all of them, or those about one cohort.
        var entries = db.AuditLog.AsNoTracking().Where(a => a.DistrictId == member.DistrictId);
        string about;
        if (turn.Arguments.Length > 0)
        {
            var match = await Coordinators.FindCohortAsync(db, member, turn.Arguments, cancellationToken);
            if (match.Cohort is not { } cohort)
                return Coordinators.NoCohort(match, turn.Arguments);
            entries = entries.Where(a => a.Subject == cohort.Name);
            about = cohort.Name;
        }
        else
        {
            about = await db.Districts.Where(d => d.Id == member.DistrictId).Select(d => d.Name).SingleAsync(cancellationToken);
        }

        var shown = await entries.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Shown).ToListAsync(cancellationToken);
        if (shown.Count == 0)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice($"The audit log has nothing about {about} yet."));

        var names = await NamesAsync(shown, cancellationToken);
        var lines = shown.Select(e => Line(e, names, member.TimeZone));
        return TurnResponse.ReplyPrivately(CheckInCards.Notice(
            $"The audit log of {about}, newest first (times are yours, {member.TimeZone}):\n\n{string.Join("\n\n", lines)}"));
    }

    private static string Line(AuditEntry entry, Dictionary<string, string> names, string timeZone)
    {
        var parts = new List<string> { CheckInCards.When(entry.At, timeZone), names.GetValueOrDefault(entry.Actor, entry.Actor), entry.Action };
        if (entry.Subject is { } subject)
            parts.Add(names.GetValueOrDefault(subject, subject));
        var details = Details(entry.DetailsJson);
        if (details?["date"] is JsonValue date)
            parts.Add(date.ToString());
        if (details?["audience"] is JsonValue audience)
            parts.Add($"audience {audience}");
        return string.Join(" · ", parts);
    }

    /// The display names of the members the entries name as actor or subject (<c>member:{id}</c>).
    private async Task<Dictionary<string, string>> NamesAsync(List<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var ids = entries.SelectMany(e => new[] { e.Actor, e.Subject })
            .Select(key => key is not null && key.StartsWith(MemberPrefix, StringComparison.Ordinal) && int.TryParse(key[MemberPrefix.Length..], out var id) ? id : (int?)null)
            .OfType<int>().Distinct().ToList();
        var members = await db.Members.Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.DisplayName }).ToListAsync(cancellationToken);
        return members.ToDictionary(m => $"{MemberPrefix}{m.Id}", m => m.DisplayName, StringComparer.Ordinal);
    }

    private static JsonObject? Details(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
