using System.Globalization;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Cohorts.Roster;
using NodaTime;

namespace CohortBot.Visits;

/// A member's <c>visits:</c> in a district file: classroom visit slots they host, pre-loaded. Checked
/// with the rest of the file, then applied; a slot is matched by its host and start, so importing
/// the same file again changes nothing, and an import never removes a slot (the host cancels it).
internal static class VisitRoster
{
    public const int MaxSlotsPerHost = 50;
    public const int MaxSeats = 30;

    public sealed record Checked(string Model, string? Grade, DateOnly Date, TimeOnly Start, TimeOnly End, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Room, int Seats, string? Note);

    /// The standard model a coordinator or teacher typed, however they cased it.
    public static string? Model(string? typed) =>
        DefaultQuestionSet.BlendedModels.FirstOrDefault(m => string.Equals(Squash(m), Squash(typed ?? ""), StringComparison.Ordinal));

    public static List<Checked> Check(MemberEntry member, MemberRole role, string? zone, Func<DateTimeOffset, int> booked, Action<int, string> problem)
    {
        var slots = new List<Checked>();
        if (member.Visits.Count == 0)
            return slots;
        if (role == MemberRole.Coordinator)
            problem(member.Line, $"{member.Name} is a coordinator: visits are hosted by teachers and coaches in their classrooms");
        if (member.Visits.Count > MaxSlotsPerHost)
            problem(member.Visits[MaxSlotsPerHost].Line, $"a host offers at most {MaxSlotsPerHost} visit slots in one file");
        var starts = new HashSet<DateTimeOffset>();
        foreach (var visit in member.Visits)
        {
            var line = visit.Line;
            var ok = true;
            void Problem(string message)
            {
                ok = false;
                problem(line, message);
            }

            var model = Model(visit.Model);
            if (model is null)
                Problem($"visit model '{visit.Model}' is not one of the standard blended models ({string.Join(", ", DefaultQuestionSet.BlendedModels)})");
            if (!DateOnly.TryParseExact(visit.Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                Problem($"visit date '{visit.Date}' is not a date like 2027-01-14");
            if (!Series.SeriesRoster.TryTime(visit.Start, out var start))
                Problem($"visit start '{visit.Start}' is not a time of day like 09:15");
            if (!Series.SeriesRoster.TryTime(visit.End, out var end))
                Problem($"visit end '{visit.End}' is not a time of day like 10:00");
            else if (end <= start)
                Problem($"the visit ends ({end:HH\\:mm}) before it starts ({start:HH\\:mm})");
            var room = visit.Room?.Trim();
            if (string.IsNullOrEmpty(room))
                Problem("a visit needs 'room': where visitors find the class");
            else if (room.Length > 200)
                Problem("'room' is longer than 200 characters");
            if (visit.Seats is < 1 or > MaxSeats)
                Problem($"seats must be between 1 and {MaxSeats}, not {visit.Seats}");
            if (visit.Grade?.Trim() is { Length: > 50 })
                Problem("'grade' is longer than 50 characters");
            if (visit.Note?.Trim() is { Length: > 1000 })
                Problem("'note' is longer than 1000 characters");
            if (!ok || zone is null)
                continue;

            var startsAt = LocalTimes.At(date, start, zone);
            var endsAt = LocalTimes.At(date, end, zone);
            if (!starts.Add(startsAt))
            {
                problem(line, $"two visits of {member.Name} start at {date:yyyy-MM-dd} {start:HH\\:mm}");
                continue;
            }
            if (booked(startsAt) is var taken && taken > visit.Seats)
            {
                problem(line, $"the visit of {date:yyyy-MM-dd} {start:HH\\:mm} has {taken} seats booked already: it cannot have {visit.Seats}");
                continue;
            }
            slots.Add(new Checked(model!, Trimmed(visit.Grade), date, start, end, startsAt, endsAt, room!, visit.Seats, Trimmed(visit.Note)));
        }
        return slots;
    }

    /// Adds the slots the host does not have yet, and brings those they have up to date.
    public static void Apply(Member host, IEnumerable<Checked> wanted, List<VisitSlot> existing, Action<VisitSlot> add, DateTimeOffset now)
    {
        foreach (var w in wanted)
        {
            var slot = existing.FirstOrDefault(s => s.StartsAt == w.StartsAt);
            if (slot is null)
            {
                slot = new VisitSlot { Host = host, Model = w.Model, Room = w.Room, StartsAt = w.StartsAt, CreatedAt = now };
                existing.Add(slot);
                add(slot);
            }
            slot.Model = w.Model;
            slot.Grade = w.Grade;
            slot.Date = w.Date;
            slot.Start = w.Start;
            slot.End = w.End;
            slot.EndsAt = w.EndsAt;
            slot.Room = w.Room;
            slot.Seats = w.Seats;
            slot.Note = w.Note;
        }
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Squash(string text) => new([.. text.Where(char.IsLetter).Select(char.ToLowerInvariant)]);
}
