using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Turns;

namespace CohortBot.Nudges;

/// The nudge feature's card messages: what each card's template is given.
internal static class NudgeCards
{
    /// Names a card lists in one group before "and N more".
    private const int NamesShown = 30;

    /// The preview (and, once pressed, what became of it): the audience by site and platform, who is
    /// held by quiet hours or cannot be reached, the message as the first teacher reads it.
    public static CardMessage Preview(Nudge nudge, NudgePlan plan, string byName, string viewerTimeZone, string? note = null)
    {
        var targets = plan.Targets;
        var state = nudge.Status switch
        {
            NudgeStatus.Preview => "preview",
            NudgeStatus.Scheduled => "scheduled",
            NudgeStatus.Cancelled => "cancelled",
            _ => "sent",
        };
        var data = new JsonObject
        {
            ["nudgeId"] = nudge.Id,
            ["state"] = state,
            ["heading"] = nudge.SendAt is null ? "Nudge preview" : "Scheduled nudge preview",
            ["cohort"] = plan.Cohort.Name,
            ["audienceText"] = AudienceText(nudge, plan),
            ["bySite"] = new JsonArray([.. targets.GroupBy(t => t.Member.Site?.Name ?? "No site").OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (JsonNode)new JsonObject { ["site"] = g.Key, ["text"] = g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture) })]),
            ["unreachable"] = new JsonArray([.. targets.Where(t => t.Platform is null).Take(NamesShown)
                .Select(t => (JsonNode)new JsonObject { ["name"] = t.Member.DisplayName, ["why"] = t.Unreachable })]),
            ["sendTitle"] = nudge.SendAt is null ? $"Send to {targets.Count}" : "Schedule it",
        };
        var platforms = targets.Where(t => t.Platform is not null).GroupBy(t => t.Platform!.Value).OrderBy(g => g.Key).Select(g => $"in {g.Key} {g.Count()}").ToList();
        if (platforms.Count > 0)
            data["platformText"] = Capitalised(string.Join(", ", platforms)) + ".";
        if (nudge.SendAt is { } sendAt)
            data["scheduleText"] = $"It goes {CheckInCards.When(sendAt, viewerTimeZone)} (your time){(nudge.Audience == NudgeAudience.Pending ? ", to whoever has not answered by then" : "")}.";
        var held = targets.Where(t => t.HeldUntil is not null).ToList();
        if (held.Count > 0)
            data["heldText"] = $"{Count(held.Count, "teacher is", "teachers are")} in their quiet hours {(nudge.SendAt is null ? "now" : "then")} ({Names(held.Select(t => t.Member.DisplayName))}): it reaches them when those end, and shows as held on the receipt.";
        if (plan.LeftOut.Count > 0)
            data["leftOutText"] = $"Left out, nudged {NudgeService.MostPerRound} times this round already: {Names(plan.LeftOut.Select(m => m.DisplayName))}.";
        var sample = targets.FirstOrDefault(t => t.Platform is not null) ?? (targets.Count > 0 ? targets[0] : null);
        data["sampleFor"] = sample?.Member.DisplayName ?? "teachers";
        data["sampleHeading"] = Heading(byName);
        data["sample"] = sample is null ? nudge.Message : MessageFor(nudge, plan, sample);
        if (note is not null)
            data["note"] = note;
        data["stateText"] = nudge.Status switch
        {
            NudgeStatus.Scheduled => $"Scheduled for {CheckInCards.When(nudge.SendAt!.Value, viewerTimeZone)}. Write \"nudges\" to see it or cancel it.",
            NudgeStatus.Cancelled => "Cancelled: nothing was sent.",
            NudgeStatus.Sending or NudgeStatus.Sent => $"Sent{(nudge.SentAt is { } sent ? " " + CheckInCards.When(sent, viewerTimeZone) : "")}. The receipt follows in this chat.",
            _ => null,
        };
        var text = nudge.Status == NudgeStatus.Preview
            ? $"Nudge preview for {plan.Cohort.Name}: {targets.Count} teacher(s). Press Send to send it."
            : $"Nudge for {plan.Cohort.Name}: {data["stateText"]}";
        return new CardMessage("nudge-preview", data, text);
    }

    /// The nudge as one teacher gets it, with their check-in one tap away while it is open and unanswered.
    public static CardMessage ForTeacher(Nudge nudge, NudgePlan plan, NudgeTarget target, string byName)
    {
        var message = MessageFor(nudge, plan, target);
        var data = new JsonObject
        {
            ["heading"] = Heading(byName),
            ["cohort"] = plan.Cohort.Name,
            ["message"] = message,
        };
        if (plan.Round is { } round && !target.HasAnswered)
            data["roundId"] = round.Id;
        return new CardMessage("nudge", data, message);
    }

    /// The words a teacher reads: the sender's own, or a short default that fits where they stand.
    public static string MessageFor(Nudge nudge, NudgePlan plan, NudgeTarget target)
    {
        if (nudge.Message.Length > 0)
            return nudge.Message;
        var first = CheckInCards.FirstName(target.Member.DisplayName);
        return plan.Round is { } round && !target.HasAnswered
            ? $"Hi {first}, check-in {round.Number} of {plan.Cohort.Name} is open until {CheckInCards.When(round.ClosesAt, target.Member.TimeZone)}. It takes about a minute, and your coach reads every answer."
            : $"Hi {first}, a quick hello from your cohort: how is blended learning going in your classroom? If something is in the way, write \"coach\" to me and a coach will help.";
    }

    /// One recipient's outcome, as the receipt shows it.
    public enum Outcome
    {
        Delivered,
        Held,
        OnItsWay,

        /// Tried and failed for now: the outbox tries again.
        Retrying,
        Unreachable,
        Failed,
        Withdrawn,
    }

    public sealed record RecipientOutcome(Member Member, Outcome Outcome, DateTimeOffset? HeldUntil, string? Why);

    /// The receipt: how many were delivered, held for quiet hours, unreachable, failed (with names for
    /// the last three), and how many answered since.
    public static CardMessage Receipt(Nudge nudge, string cohortName, IReadOnlyList<RecipientOutcome> outcomes, int? answeredSince, string viewerTimeZone)
    {
        int Of(Outcome outcome) => outcomes.Count(o => o.Outcome == outcome);
        var counts = new JsonArray
        {
            Fact("Delivered", Of(Outcome.Delivered).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Fact("Held for quiet hours", Of(Outcome.Held).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Fact("Unreachable", Of(Outcome.Unreachable).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Fact("Failed", Of(Outcome.Failed).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (Of(Outcome.Retrying) > 0)
            counts.Add(Fact("Not delivered yet, trying again", Of(Outcome.Retrying).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (Of(Outcome.OnItsWay) > 0)
            counts.Add(Fact("On its way", Of(Outcome.OnItsWay).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (Of(Outcome.Withdrawn) > 0)
            counts.Add(Fact("Not sent: answered first, or the round closed", Of(Outcome.Withdrawn).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (answeredSince is { } answered)
            counts.Add(Fact("Answered since", $"{answered} of {outcomes.Count}"));

        var groups = new JsonArray();
        void Group(string title, Outcome outcome, Func<RecipientOutcome, string> why)
        {
            var people = outcomes.Where(o => o.Outcome == outcome).OrderBy(o => o.Member.DisplayName, StringComparer.Ordinal).ToList();
            if (people.Count == 0)
                return;
            var facts = new JsonArray([.. people.Take(NamesShown).Select(p => (JsonNode)new JsonObject { ["name"] = p.Member.DisplayName, ["why"] = why(p) })]);
            if (people.Count > NamesShown)
                facts.Add(new JsonObject { ["name"] = $"and {people.Count - NamesShown} more", ["why"] = "" });
            groups.Add(new JsonObject { ["title"] = title, ["people"] = facts });
        }
        Group("Held for quiet hours", Outcome.Held, p => $"until {CheckInCards.When(p.HeldUntil!.Value, viewerTimeZone)} (your time)");
        Group("Unreachable", Outcome.Unreachable, p => Short(p.Why ?? "the platform refused"));
        Group("Failed", Outcome.Failed, p => Short(p.Why ?? "the platform kept failing"));
        Group("Not delivered yet, trying again", Outcome.Retrying, p => Short(p.Why ?? "the platform failed for now"));

        var data = new JsonObject
        {
            ["nudgeId"] = nudge.Id,
            ["cohort"] = cohortName,
            ["sentText"] = $"sent {CheckInCards.When(nudge.SentAt!.Value, viewerTimeZone)} to {Count(outcomes.Count, "teacher", "teachers")}",
            ["counts"] = counts,
            ["groups"] = groups,
            ["footer"] = "This receipt changes in place as held nudges go out and teachers answer.",
        };
        var text = $"Nudge receipt for {cohortName}: {Of(Outcome.Delivered)} delivered, {Of(Outcome.Held)} held for quiet hours, {Of(Outcome.Unreachable)} unreachable, {Of(Outcome.Failed)} failed.";
        return new CardMessage("nudge-receipt", data, text);
    }

    /// <c>nudges</c>: the scheduled ones, each with Cancel, and those sent lately.
    public static CardMessage List(IReadOnlyList<(Nudge Nudge, string Cohort, string By)> scheduled, IReadOnlyList<(Nudge Nudge, string Cohort, int Recipients, int Delivered)> recent, string viewerTimeZone, string? note = null)
    {
        var data = new JsonObject
        {
            ["heading"] = note ?? "Scheduled nudges",
            ["emptyText"] = "No nudge is scheduled. Schedule one with: nudge COHORT at 2026-12-03 09:00 MESSAGE.",
            ["scheduled"] = new JsonArray([.. scheduled.Select(s => (JsonNode)new JsonObject
            {
                ["nudgeId"] = s.Nudge.Id,
                ["title"] = $"{s.Cohort}, {CheckInCards.When(s.Nudge.SendAt!.Value, viewerTimeZone)}",
                ["detail"] = $"{AudienceWords(s.Nudge)}, by {s.By}: {(s.Nudge.Message.Length > 0 ? $"\"{Short(s.Nudge.Message)}\"" : "the default message")}",
            })]),
            ["recent"] = new JsonArray([.. recent.Select(r => (JsonNode)new JsonObject
            {
                ["title"] = r.Cohort,
                ["detail"] = $"{CheckInCards.When(r.Nudge.SentAt!.Value, viewerTimeZone)}: {Count(r.Recipients, "teacher", "teachers")}, {r.Delivered} delivered",
            })]),
        };
        var text = scheduled.Count == 0 ? "No nudge is scheduled." : $"Scheduled nudges: {string.Join("; ", scheduled.Select(s => $"{s.Cohort} {CheckInCards.When(s.Nudge.SendAt!.Value, viewerTimeZone)}"))}";
        return new CardMessage("nudge-list", data, text);
    }

    private static string AudienceText(Nudge nudge, NudgePlan plan)
    {
        var n = plan.Targets.Count;
        return nudge.Audience switch
        {
            NudgeAudience.Pending => $"To {Count(n, "teacher", "teachers")} who {(n == 1 ? "has" : "have")} not answered check-in {plan.Round!.Number} yet:",
            NudgeAudience.Site => $"To the {Count(n, "teacher", "teachers")} at {nudge.SiteName}:",
            _ => $"To all {Count(n, "teacher", "teachers")} of the cohort:",
        };
    }

    private static string AudienceWords(Nudge nudge) => nudge.Audience switch
    {
        NudgeAudience.Pending => "to the teachers pending then",
        NudgeAudience.Site => $"to the teachers at {nudge.SiteName}",
        _ => "to every teacher",
    };

    private static string Heading(string byName) => $"A nudge from {byName}";

    private static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    private static string Names(IEnumerable<string> names)
    {
        var all = names.ToList();
        return all.Count <= 10 ? string.Join(", ", all) : $"{string.Join(", ", all.Take(10))} and {all.Count - 10} more";
    }

    private static string Short(string text) => text.Length <= 120 ? text : text[..119] + "…";

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
