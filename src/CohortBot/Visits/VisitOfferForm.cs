using System.Globalization;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Turns;
using NodaTime;

namespace CohortBot.Visits;

/// The <c>visit-offer</c> form as a host sends it: what they typed, kept as typed so the form can come
/// back with it, and the slot it describes once every input is right. Times are the host's own.
internal sealed record VisitOfferForm(string? Model, string? Grade, string? Date, string? Start, string? End, string? Room, string? Seats, string? Note)
{
    public const int DefaultSeats = 2;

    public static VisitOfferForm Empty(string? model = null) => new(model, null, null, null, null, null, DefaultSeats.ToString(CultureInfo.InvariantCulture), null);

    public static VisitOfferForm From(TurnData data) => new(
        data.Value("model"), data.Value("grade"), data.Value("date"), data.Value("start"), data.Value("end"), data.Value("room"), data.Value("seats"), data.Value("note"));

    /// The slot, or for each input that needs another look, what is wrong (nothing is stored then).
    public (VisitRoster.Checked? Slot, Dictionary<string, string> Errors) Check(string zone, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var model = VisitRoster.Model(Model);
        if (model is null)
            errors["model"] = "Please pick the blended model visitors will see.";
        var dateOk = DateOnly.TryParseExact(Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        if (!dateOk)
            errors["date"] = "Please pick the day of the visit.";
        var startOk = TryTime(Start, out var start);
        if (!startOk)
            errors["start"] = "Please give the time the visit starts, like 09:15.";
        var endOk = TryTime(End, out var end);
        if (!endOk)
            errors["end"] = "Please give the time the visit ends, like 10:00.";
        else if (startOk && end <= start)
            errors["end"] = "The visit should end after it starts.";
        var room = Room?.Trim();
        if (string.IsNullOrEmpty(room))
            errors["room"] = "Tell visitors where to find your class.";
        else if (room.Length > 200)
            errors["room"] = $"Please keep this to 200 characters (it has {room.Length}).";
        if (!decimal.TryParse(Seats?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var seats) || seats != decimal.Truncate(seats) || seats is < 1 or > VisitRoster.MaxSeats)
            errors["seats"] = $"Seats are a whole number from 1 to {VisitRoster.MaxSeats}.";
        if (Grade?.Trim() is { Length: > 50 } grade)
            errors["grade"] = $"Please keep this to 50 characters (it has {grade.Length}).";
        if (Note?.Trim() is { Length: > 1000 } note)
            errors["note"] = $"Please keep this to 1000 characters (it has {note.Length}).";
        if (errors.Count > 0)
            return (null, errors);

        var startsAt = LocalTimes.At(date, start, zone);
        var endsAt = LocalTimes.At(date, end, zone);
        if (startsAt <= now)
        {
            errors[dateOk && date < LocalTimes.DateIn(now, LocalTimes.Zone(zone)) ? "date" : "start"] = "That time has passed: please pick a time still to come.";
            return (null, errors);
        }
        return (new VisitRoster.Checked(model!, Trimmed(Grade), date, start, end, startsAt, endsAt, room!, (int)seats, Trimmed(Note)), errors);
    }

    /// Teams sends HH:mm; some clients add seconds.
    private static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
