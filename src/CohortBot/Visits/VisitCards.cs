using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Turns;

namespace CohortBot.Visits;

/// The visit feature's card messages: what each card's template is given. A visitor's own words
/// travel only in <see cref="Reflection"/>, which goes to coaches, and to the host when the visitor said so.
internal static class VisitCards
{
    /// What a person may do with a slot shown to them.
    public enum SlotAction
    {
        None,
        Book,
        CancelBooking,
        CancelSlot,
    }

    /// The form to offer a visit, with what was typed and, beside each input, what is wrong.
    public static CardMessage Offer(VisitOfferForm form, string zone, IReadOnlyDictionary<string, string>? errors = null, string? intro = null)
    {
        var data = new JsonObject
        {
            ["heading"] = "Offer a classroom visit",
            ["intro"] = intro ?? "Open your classroom to colleagues for a while: they see a blended model in action, then tell you what they will try.",
            ["zoneText"] = $"Times are in your time zone ({zone}).",
            ["models"] = new JsonArray([.. DefaultQuestionSet.BlendedModels.Select(m => (JsonNode)new JsonObject { ["title"] = m, ["value"] = m })]),
            ["model"] = VisitRoster.Model(form.Model) ?? "",
            ["grade"] = form.Grade ?? "",
            ["date"] = form.Date ?? "",
            ["start"] = form.Start ?? "",
            ["end"] = form.End ?? "",
            ["room"] = form.Room ?? "",
            ["seats"] = int.TryParse(form.Seats, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seats) ? seats : VisitOfferForm.DefaultSeats,
            ["note"] = form.Note ?? "",
        };
        foreach (var (input, error) in errors ?? new Dictionary<string, string>())
            data[input + "Error"] = error;
        return new CardMessage("visit-offer", data, "Offer a classroom visit: a blended model, a time, seats.");
    }

    /// One slot as <paramref name="viewer"/> reads it, with the one thing they may do with it.
    public static CardMessage Slot(VisitSlot slot, Member host, Member viewer, string heading, string? stateText, SlotAction action, int? bookingId = null, string? text = null)
    {
        var data = SlotData(slot, host, viewer);
        data["heading"] = heading;
        data["action"] = action switch
        {
            SlotAction.Book => "book",
            SlotAction.CancelBooking => "cancel",
            SlotAction.CancelSlot => "cancelSlot",
            _ => "none",
        };
        if (bookingId is { } id)
            data["bookingId"] = id;
        if (stateText is not null)
            data["stateText"] = stateText;
        return new CardMessage("visit-slot", data, text ?? $"{heading}: {slot.Model}, {data["whenText"]}, {slot.Room}.");
    }

    public static JsonObject SlotData(VisitSlot slot, Member host, Member viewer)
    {
        var data = new JsonObject
        {
            ["slotId"] = slot.Id,
            ["model"] = slot.Model,
            ["whenText"] = VisitTimes.For(slot, host.TimeZone, viewer.TimeZone),
            ["room"] = slot.Room,
            ["hostText"] = host.Id == viewer.Id ? "Your classroom" : $"{host.DisplayName}'s classroom{(host.Site is { } site ? $", {site.Name}" : "")}",
            ["seatsText"] = SeatsText(slot),
        };
        if (slot.Grade is { } grade)
            data["grade"] = grade;
        if (slot.Note is { } note)
            data["note"] = note;
        return data;
    }

    /// <c>visits</c>: open slots with Book, the viewer's bookings with Cancel, the slots they host with Cancel slot.
    public static CardMessage List(Member viewer, string? model, IReadOnlyList<(VisitSlot Slot, Member Host)> open, IReadOnlyList<(VisitBooking Booking, Member Host)> booked, IReadOnlyList<VisitSlot> hosted, string? note = null)
    {
        var data = new JsonObject
        {
            ["heading"] = model is null ? "Classroom visits" : $"Classroom visits: {model}",
            ["openHeading"] = "Open to you",
            ["emptyText"] = model is null
                ? "No classroom in your cohorts is open for a visit right now. Write \"offer visit\" to open yours."
                : $"No classroom in your cohorts shows {model} with a seat free right now. Write \"visits\" to see every model.",
            ["open"] = new JsonArray([.. open.Select(o => (JsonNode)new JsonObject
            {
                ["slotId"] = o.Slot.Id,
                ["title"] = $"{o.Slot.Model}{(o.Slot.Grade is { } g ? $", grade {g}" : "")}: {o.Host.DisplayName}",
                ["detail"] = $"{VisitTimes.For(o.Slot, o.Host.TimeZone, viewer.TimeZone)} · {o.Slot.Room} · {SeatsText(o.Slot)}",
            })]),
            ["booked"] = new JsonArray([.. booked.Select(b => (JsonNode)new JsonObject
            {
                ["bookingId"] = b.Booking.Id,
                ["title"] = $"{b.Booking.Slot!.Model} with {b.Host.DisplayName}",
                ["detail"] = $"{VisitTimes.For(b.Booking.Slot, b.Host.TimeZone, viewer.TimeZone)} · {b.Booking.Slot.Room}",
            })]),
            ["hosted"] = new JsonArray([.. hosted.Select(s => (JsonNode)new JsonObject
            {
                ["slotId"] = s.Id,
                ["title"] = s.Model,
                ["detail"] = $"{VisitTimes.Span(s, viewer.TimeZone)} · {s.Room} · {s.BookedSeats} of {s.Seats} seats booked",
            })]),
        };
        if (note is not null)
            data["note"] = note;
        var text = open.Count == 0 ? data["emptyText"]!.ToString() : $"Classroom visits open to you: {string.Join("; ", open.Select(o => $"{o.Slot.Model} with {o.Host.DisplayName}"))}.";
        return new CardMessage("visit-list", data, note is null ? text : $"{note} {text}");
    }

    /// After the visit: what the visitor saw that they will try, and whether the host may read it.
    public static CardMessage Reflect(VisitBooking booking, VisitSlot slot, Member host, Member visitor, string? reflection = null, bool share = false, string? error = null)
    {
        var data = new JsonObject
        {
            ["bookingId"] = booking.Id,
            ["heading"] = "How was your visit?",
            ["slotText"] = $"{slot.Model} in {host.DisplayName}'s classroom, {VisitTimes.For(slot, host.TimeZone, visitor.TimeZone)}",
            ["shareTitle"] = $"Share my words with {CheckInCards.FirstName(host.DisplayName)}",
            ["reflection"] = reflection ?? "",
            ["share"] = share ? "true" : "false",
            ["privacyText"] = $"Your coach reads this. {CheckInCards.FirstName(host.DisplayName)} reads it only if you tick the box.",
        };
        if (error is not null)
            data["error"] = error;
        return new CardMessage("visit-reflect", data, $"How was your visit to {host.DisplayName}'s classroom? Tell me one thing you will try.");
    }

    /// A visitor's reflection, in their words: for the visitor's coaches, or for the host who was allowed to read it.
    public static CardMessage Reflection(VisitSlot slot, Member host, Member visitor, Member reader, string reflection)
    {
        var forHost = reader.Id == host.Id;
        var data = new JsonObject
        {
            ["heading"] = forHost ? $"{visitor.DisplayName} thanks you for the visit" : $"{visitor.DisplayName} visited a classroom",
            ["slotText"] = forHost
                ? $"{slot.Model}, {VisitTimes.Span(slot, reader.TimeZone)}"
                : $"{slot.Model} in {host.DisplayName}'s classroom, {VisitTimes.Span(slot, reader.TimeZone)}",
            ["prompt"] = forHost ? $"What {CheckInCards.FirstName(visitor.DisplayName)} saw and will try" : "What they saw and will try",
            ["reflection"] = reflection,
        };
        if (forHost)
            data["sharedText"] = $"{CheckInCards.FirstName(visitor.DisplayName)} chose to share this with you.";
        return new CardMessage("visit-reflection", data, forHost ? $"{visitor.DisplayName} thanks you for the visit." : $"{visitor.DisplayName} reflected on a classroom visit.");
    }

    /// <c>hosts</c>: teachers whose check-ins show a model going well, who have not hosted yet, each with Invite.
    public static CardMessage Hosts(string? model, string scopeText, IReadOnlyList<(Member Teacher, string Model, int Progress, bool Invited)> hosts, string? note = null)
    {
        var data = new JsonObject
        {
            ["heading"] = model is null ? "Who could host a visit" : $"Who could host a visit: {model}",
            ["scopeText"] = scopeText,
            ["emptyText"] = model is null
                ? "Nobody yet: no teacher who has not hosted rated their progress 4 or 5 in the last three check-ins."
                : $"Nobody yet: no teacher who has not hosted used {model} with progress 4 or 5 in the last three check-ins.",
            ["hosts"] = new JsonArray([.. hosts.Select(h => (JsonNode)new JsonObject
            {
                ["memberId"] = h.Teacher.Id,
                ["model"] = h.Model,
                ["name"] = h.Teacher.DisplayName,
                ["detail"] = $"{h.Model}, progress {h.Progress} of 5{(h.Teacher.Site is { } site ? $" · {site.Name}" : "")}{(h.Invited ? " · invited" : "")}",
                ["invited"] = h.Invited,
            })]),
        };
        if (note is not null)
            data["note"] = note;
        var text = hosts.Count == 0 ? data["emptyText"]!.ToString() : $"Who could host a visit: {string.Join(", ", hosts.Select(h => $"{h.Teacher.DisplayName} ({h.Model})"))}.";
        return new CardMessage("visit-hosts", data, note is null ? text : $"{note} {text}");
    }

    /// An invitation to host, from a coach or coordinator, with the offer form one tap away.
    public static CardMessage Invite(Member by, Member teacher, string model)
    {
        var message = $"Hi {CheckInCards.FirstName(teacher.DisplayName)}, your check-ins show {model} is going well in your classroom. Would you open it to a few colleagues for a visit? Seeing it in action is how others get started.";
        var data = new JsonObject
        {
            ["heading"] = $"An invitation from {by.DisplayName}",
            ["message"] = message,
            ["model"] = model,
        };
        return new CardMessage("visit-invite", data, message);
    }

    public static string SeatsText(VisitSlot slot)
    {
        var left = slot.Seats - slot.BookedSeats;
        return left <= 0 ? "no seat left" : left == 1 ? "1 seat left" : $"{left} seats left";
    }
}
