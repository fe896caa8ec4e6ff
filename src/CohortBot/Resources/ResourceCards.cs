using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using CohortBot.Turns;

namespace CohortBot.Resources;

/// The resource library's card messages: what each card's template is given.
internal static class ResourceCards
{
    /// How much of a question travels in a card's buttons (and is kept with a vote).
    public const int QuestionInCard = 300;

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public sealed record Offered(Resource Resource, IReadOnlyList<string> Matched, string? SharedBy);

    public static CardMessage Answer(string question, IReadOnlyList<Offered> offered, string timeZone)
    {
        var asked = Short(question);
        var data = new JsonObject
        {
            ["question"] = asked,
            ["found"] = offered.Count > 0,
            ["heading"] = offered.Count > 0 ? "From your cohort's library" : "Nothing good in the library yet",
            ["offered"] = string.Join(' ', offered.Select(o => o.Resource.Id.ToString(CultureInfo.InvariantCulture))),
            ["results"] = new JsonArray([.. offered.Select(o => (JsonNode)Result(o, timeZone))]),
        };
        var text = offered.Count > 0
            ? $"From your cohort's library: {string.Join("; ", offered.Select(o => o.Resource.Title))}"
            : "I found nothing good in the library for this; your coach can help.";
        return new CardMessage("resource-answer", data, text);
    }

    public static CardMessage List(string heading, string emptyText, IReadOnlyList<(Resource Resource, string Cohort, string? SharedBy)> page, string timeZone, string? tag, int pageNumber, int total, int perPage)
    {
        var data = new JsonObject
        {
            ["heading"] = heading,
            ["emptyText"] = emptyText,
            ["tag"] = tag ?? "",
            ["hasMore"] = pageNumber * perPage < total,
            ["nextPage"] = pageNumber + 1,
            ["items"] = new JsonArray([.. page.Select(p => (JsonNode)new JsonObject
            {
                ["title"] = p.Resource.Title,
                ["url"] = p.Resource.Url,
                ["detail"] = string.Join(" · ", new[] { p.Cohort, Shared(p.SharedBy, p.Resource.SharedAt, timeZone), Tags(p.Resource.Tags) }.Where(s => s.Length > 0)),
            })]),
        };
        if (total > perPage)
            data["pageText"] = $"{(pageNumber - 1) * perPage + 1}–{Math.Min(total, pageNumber * perPage)} of {total}";
        return new CardMessage("resource-list", data, page.Count == 0 ? emptyText : $"{heading}: {string.Join("; ", page.Select(p => p.Resource.Title))}");
    }

    public static CardMessage CoachQuestion(SupportRequest request, Member teacher, Cohort cohort, string? site, IEnumerable<(string Title, string Url)> offered, string coachTimeZone, string? error = null)
    {
        var data = new JsonObject
        {
            ["requestId"] = request.Id,
            ["teacher"] = teacher.DisplayName,
            ["cohort"] = cohort.Name,
            ["askedText"] = CheckInCards.When(request.CreatedAt, coachTimeZone),
            ["raisedAgain"] = request.RaisedAgainAt is not null,
            ["question"] = request.Challenge ?? "",
            ["offered"] = new JsonArray([.. offered.Select(o => (JsonNode)new JsonObject { ["title"] = o.Title, ["url"] = o.Url })]),
        };
        if (site is not null)
            data["site"] = site;
        if (error is not null)
            data["error"] = error;
        return new CardMessage("coach-question", data, request.RaisedAgainAt is null
            ? $"{teacher.DisplayName} has a question the library could not answer."
            : $"{teacher.DisplayName}'s question is still waiting for an answer.");
    }

    public static CardMessage Review(Resource resource, Member teacher, Cohort cohort, string? decided = null)
    {
        var data = new JsonObject
        {
            ["resourceId"] = resource.Id,
            ["teacher"] = teacher.DisplayName,
            ["cohort"] = cohort.Name,
            ["title"] = resource.Title,
            ["url"] = resource.Url,
        };
        if (resource.Tags.Count > 0)
            data["tagsText"] = Tags(resource.Tags);
        if (decided is not null)
            data["decided"] = decided;
        return new CardMessage("resource-review", data, $"{teacher.DisplayName} suggests a resource for {cohort.Name}: {resource.Title}");
    }

    public static string Short(string question)
    {
        var trimmed = question.Trim();
        return trimmed.Length <= QuestionInCard ? trimmed : trimmed[..QuestionInCard];
    }

    private static JsonObject Result(Offered offered, string timeZone)
    {
        var result = new JsonObject
        {
            ["id"] = offered.Resource.Id,
            ["title"] = offered.Resource.Title,
            ["url"] = offered.Resource.Url,
            ["sharedText"] = Shared(offered.SharedBy, offered.Resource.SharedAt, timeZone),
        };
        if (offered.Matched.Count > 0)
            result["matched"] = string.Join(", ", offered.Matched);
        return result;
    }

    private static string Shared(string? by, DateTimeOffset at, string timeZone)
    {
        var date = LocalTimes.ToInstant(at).InZone(LocalTimes.Zone(timeZone)).Date.ToDateOnly().ToString("MMMM d", English);
        return by is null ? $"Added {date}" : $"Shared by {by}, {date}";
    }

    private static string Tags(IEnumerable<string> tags) => string.Join(' ', tags.Select(t => "#" + t));
}
