using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Reports;

/// <c>member NAME</c>: one teacher's year, for their coaches (teachers of their cohorts) and the
/// district's coordinators. NAME is any part of the name or the e-mail; several matches are listed.
internal sealed class MemberHandler(CohortDbContext db, MemberYear years) : ITurnHandler
{
    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var reader = await Coordinators.MemberAsync(db, turn, cancellationToken);
        if (reader is null || reader.Role == MemberRole.Teacher)
            return Notice("A teacher's year is for their coaches and coordinators. Write \"series\" to see your PD sessions, or \"status\" for your check-in.");
        var typed = turn.Arguments.Trim();
        if (typed.Length == 0)
            return Notice("Write \"member\" and a name, for example: member Alex.");

        var people = db.Members.AsNoTracking().Where(m => m.DistrictId == reader.DistrictId && m.Role == MemberRole.Teacher);
        if (reader.Role == MemberRole.Coach)
            people = people.Where(m => m.Cohorts.Any(c => c.Members.Any(coach => coach.Id == reader.Id)));
        var all = (await people.Select(m => new { m.Id, m.DisplayName, m.Email }).ToListAsync(cancellationToken)).OrderBy(m => m.DisplayName, StringComparer.Ordinal).ToList();
        var matches = all.Where(m => m.DisplayName.Equals(typed, StringComparison.OrdinalIgnoreCase) || m.Email.Equals(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
            matches = [.. all.Where(m => m.DisplayName.Contains(typed, StringComparison.OrdinalIgnoreCase) || m.Email.StartsWith(typed, StringComparison.OrdinalIgnoreCase))];
        return matches switch
        {
            [] => Notice($"No teacher {(reader.Role == MemberRole.Coach ? "of your cohorts " : "")}matches \"{typed}\"."),
            [var one] => TurnResponse.ReplyPrivately(MemberYear.Card(await years.OfAsync(one.Id, cancellationToken), reader.TimeZone)),
            _ => Notice($"\"{typed}\" matches {matches.Count} teachers: {string.Join(", ", matches.Take(10).Select(m => m.DisplayName))}{(matches.Count > 10 ? " and more" : "")}. Write more of the name."),
        };
    }

    private static TurnResponse Notice(string text) => TurnResponse.ReplyPrivately(CheckInCards.Notice(text));
}
