using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Cohorts;
using CohortBot.Turns;
using CohortBot.CheckIns.Scheduling;

namespace CohortBot.CheckIns;

/// The check-in feature's card messages: what each card's template is given.
internal static class CheckInCards
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static CardMessage CheckIn(Round round, Cohort cohort, Member member, string? coach, CheckInForm form, JsonObject? answers = null, IReadOnlyDictionary<string, string>? errors = null, bool reminder = false)
    {
        var closes = When(round.ClosesAt, member.TimeZone);
        var data = new JsonObject
        {
            ["roundId"] = round.Id,
            ["roundNumber"] = round.Number,
            ["cohort"] = cohort.Name,
            ["firstName"] = FirstName(member.DisplayName),
            ["closesText"] = closes,
            ["reminder"] = reminder,
            ["questions"] = form.CardQuestions(answers, errors),
            ["submitTitle"] = answers is null ? "Send my check-in" : "Save my check-in",
        };
        if (coach is not null)
            data["coach"] = coach;
        if (form.LastPlan is { } plan)
            data["lastPlan"] = plan;
        var text = reminder
            ? $"Reminder: your check-in for {cohort.Name} closes {closes}."
            : $"Check-in {round.Number} for {cohort.Name} is open until {closes}.";
        return new CardMessage("checkin", data, text);
    }

    public static CardMessage Done(Round round, Cohort cohort, Member member, CheckInForm form, CheckIn checkIn, DateTimeOffset now)
    {
        var answers = JsonNode.Parse(checkIn.AnswersJson)!.AsObject();
        var data = new JsonObject
        {
            ["roundId"] = round.Id,
            ["roundNumber"] = round.Number,
            ["cohort"] = cohort.Name,
            ["closesText"] = When(round.ClosesAt, member.TimeZone),
            ["canEdit"] = round.Status == RoundStatus.Open && now < round.ClosesAt,
            ["answers"] = new JsonArray([.. form.Describe(answers).Select(a => (JsonNode)new JsonObject { ["prompt"] = a.Prompt, ["answer"] = a.Answer })]),
        };
        if (checkIn.LastEditedAt is { } edited)
            data["editedText"] = $"Edited {When(edited, member.TimeZone)}";
        return new CardMessage("checkin-done", data, "Thanks, your check-in is in.");
    }

    public static CardMessage Notice(string text) => new("notice", new JsonObject { ["text"] = text }, text);

    public static CardMessage SupportRequest(SupportRequest request, Member teacher, Cohort cohort, string? site, Round? round, string? error = null)
    {
        var data = new JsonObject
        {
            ["requestId"] = request.Id,
            ["teacher"] = teacher.DisplayName,
            ["cohort"] = cohort.Name,
        };
        if (site is not null)
            data["site"] = site;
        if (request.Challenge is { Length: > 0 } challenge)
            data["challenge"] = challenge;
        if (round is not null)
            data["roundText"] = $"Check-in {round.Number}";
        if (error is not null)
            data["error"] = error;
        return new CardMessage("support-request", data, $"{teacher.DisplayName} asked for coach support.");
    }

    public static CardMessage SupportForm(string? coach, string? error = null, string? challenge = null)
    {
        var data = new JsonObject();
        if (coach is not null)
            data["coach"] = coach;
        if (error is not null)
            data["error"] = error;
        if (challenge is not null)
            data["challenge"] = challenge;
        return new CardMessage("support-form", data, coach is null ? "Ask a coach for support." : $"Ask {coach} for support.");
    }

    /// A time as the member reads it, in their own zone: "Sunday, December 6 at 3:30 PM".
    public static string When(DateTimeOffset at, string timeZone)
    {
        var local = LocalTimes.ToInstant(at).InZone(LocalTimes.Zone(timeZone)).LocalDateTime;
        return local.ToDateTimeUnspecified().ToString("dddd, MMMM d 'at' h:mm tt", English);
    }

    /// From one time to another as the member reads it: "Thursday, December 10 at 4:00 PM–5:30 PM"
    /// (the end's date too when it is another day).
    public static string Between(DateTimeOffset start, DateTimeOffset end, string timeZone)
    {
        var zone = LocalTimes.Zone(timeZone);
        return LocalTimes.DateIn(start, zone) == LocalTimes.DateIn(end, zone)
            ? $"{When(start, timeZone)}–{Clock(end, timeZone)}"
            : $"{When(start, timeZone)}–{When(end, timeZone)}";
    }

    /// The time of day alone, as the member reads it: "5:30 PM".
    public static string Clock(DateTimeOffset at, string timeZone) =>
        LocalTimes.ToInstant(at).InZone(LocalTimes.Zone(timeZone)).LocalDateTime.ToDateTimeUnspecified().ToString("h:mm tt", English);

    /// A schedule's rhythm in words: "every 2 weeks on Tuesday".
    public static string Rhythm(CohortSchedule schedule) =>
        $"every {(schedule.IntervalWeeks == 1 ? "week" : $"{schedule.IntervalWeeks} weeks")} on {schedule.Weekday}";

    /// A date as commands take it: 2027-01-12.
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string FirstName(string displayName) =>
        displayName.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? displayName;
}
