using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.CheckIns;
using CohortBot.Channels;
using CohortBot.Cohorts.Roster;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Cohorts.Settings;

/// A question set's page: add, remove, reorder and edit its questions, with the check-in card shown
/// as Teams and as Slack would show it. For the district's coordinators, and for coaches when every
/// cohort asking these questions lets its coaches edit; anyone else gets a 404. Without script every
/// button is a form post and nothing typed is lost; with it the previews follow the typing.
internal sealed class QuestionSetModel(CohortDbContext db, CardPreviews previews, TimeProvider time) : PageModel
{
    public QuestionSet Set { get; private set; } = null!;
    public List<Cohort> Cohorts { get; } = [];
    public Viewer Viewer { get; private set; } = null!;

    [BindProperty]
    public List<QuestionInput> Questions { get; set; } = [];

    /// The set's version when the page was opened: a save over someone else's newer one is refused.
    [BindProperty]
    public int? Version { get; set; }

    /// Problems by row (0 for the set as a whole).
    public Dictionary<int, List<string>> Problems { get; } = [];
    public string? Saved { get; private set; }

    /// The card as each platform would show it ({teams, slack}), for the questions as they stand on the page.
    public JsonObject? Preview { get; private set; }

    public static readonly string[] Kinds = ["rating", "single choice", "multiple choice", "text", "yes/no"];

    public async Task<IActionResult> OnGetAsync(int id, string? saved, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Questions = [.. Set.Questions.OrderBy(q => q.Position).Select(QuestionInput.Of)];
        Version = Set.Version;
        Saved = saved == "1" ? "The questions are saved: the next round asks them." : saved == "0" ? "Nothing changed." : null;
        Preview = Render(Check());
        return Page();
    }

    /// Add, remove, move, or save: one form, one button pressed (<paramref name="op"/>).
    public async Task<IActionResult> OnPostAsync(int id, string? op, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        var (verb, index) = Parse(op);
        switch (verb)
        {
            case "add":
                Questions.Add(new QuestionInput { Kind = "rating", Required = false });
                break;
            case "remove" when index < Questions.Count:
                Questions.RemoveAt(index);
                break;
            case "up" when index > 0 && index < Questions.Count:
                (Questions[index - 1], Questions[index]) = (Questions[index], Questions[index - 1]);
                break;
            case "down" when index + 1 < Questions.Count:
                (Questions[index + 1], Questions[index]) = (Questions[index], Questions[index + 1]);
                break;
            case "save" when Version is { } opened && opened != Set.Version:
                // Saved by someone else meanwhile: theirs stays; these are kept on the page, not saved.
                Problems[0] = [$"Someone saved these questions since you opened the page, so yours were not saved. They are still below: open the page again in another tab to see the saved ones, then save yours again if they should replace them."];
                Version = Set.Version;
                break;
            case "save":
                if (Check() is { } wanted)
                {
                    var changed = await SaveAsync(wanted, cancellationToken);
                    return Redirect($"/question-sets/{id}?saved={(changed ? 1 : 0)}");
                }
                break;
        }
        ModelState.Clear();
        Preview = Render(Check(reportProblems: verb == "save"));
        return Page();
    }

    /// The previews for the questions as typed (the page's script asks as you type): {teams, slack, problems}.
    public async Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        var preview = Render(Check()) ?? [];
        preview["problems"] = new JsonArray([.. Problems.SelectMany(p => p.Value.Select(text => (JsonNode)$"{(p.Key > 0 ? $"Question {p.Key}: " : "")}{text}"))]);
        return Content(preview.ToJsonString(), "application/json");
    }

    private async Task<bool> SaveAsync(List<(QuestionKind Kind, QuestionEntry Entry)> wanted, CancellationToken cancellationToken)
    {
        var set = await db.QuestionSets.SingleAsync(s => s.Id == Set.Id, cancellationToken);
        var before = Describe(set.Questions.OrderBy(q => q.Position));
        var removed = set.Questions.Select(q => q.Key).Where(key => !wanted.Any(w => string.Equals(w.Entry.Key?.Trim(), key, StringComparison.OrdinalIgnoreCase))).ToList();
        QuestionRules.Apply(set, wanted);
        if (removed.Count > 0)
            set.RetiredKeys = [.. set.RetiredKeys.Union(removed, StringComparer.OrdinalIgnoreCase)];
        var after = Describe(set.Questions.OrderBy(q => q.Position));
        if (before.SequenceEqual(after))
            return false;
        set.Version++;
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = $"member:{Viewer.MemberId}",
            Action = "questions.edit",
            Subject = set.Name,
            DistrictId = set.DistrictId,
            DetailsJson = JsonSerializer.Serialize(new { cohorts = Cohorts.Select(c => c.Name), before, after }),
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static List<string> Describe(IEnumerable<Question> questions) =>
        [.. questions.Select(q => $"{q.Key}: {QuestionRules.Name(q.Kind)}{(q.Required ? ", required" : "")}: {q.Prompt}{(q.Choices.Count > 0 ? $" [{string.Join(" | ", q.Choices)}]" : "")}")];

    /// The questions typed, checked by the roster's rules; new ones get their keys here. Null when a rule is broken.
    private List<(QuestionKind Kind, QuestionEntry Entry)>? Check(bool reportProblems = true)
    {
        // A removed question's key is never given again: earlier answers under it keep their meaning.
        var taken = Set.Questions.Select(q => q.Key).Concat(Set.RetiredKeys).Concat(Questions.Select(q => q.Key).OfType<string>()).ToList();
        foreach (var input in Questions.Where(q => string.IsNullOrWhiteSpace(q.Key)))
        {
            if (!string.IsNullOrWhiteSpace(input.Prompt))
            {
                input.Key = QuestionRules.NewKey(input.Prompt, taken);
                taken.Add(input.Key);
            }
        }
        var entry = new QuestionSetEntry { Name = Set.Name, Line = 0, Questions = [.. Questions.Select((q, i) => q.ToEntry(i + 1))] };
        var found = new List<RosterProblem>();
        var checkedQuestions = QuestionRules.Check(entry, (line, text) => found.Add(new RosterProblem(line, text)));
        if (entry.Questions.Count > RosterLimits.MaxQuestionsPerSet)
            found.Add(new RosterProblem(0, $"a check-in asks at most {RosterLimits.MaxQuestionsPerSet} questions"));
        foreach (var question in entry.Questions)
            RosterLimits.CheckQuestion(question, found);
        foreach (var problem in found.Where(p => !p.Message.Contains("needs a 'key'", StringComparison.Ordinal) || Questions.ElementAtOrDefault(p.Line - 1)?.Prompt is { Length: > 0 }))
        {
            if (!reportProblems)
                continue;
            if (!Problems.TryGetValue(problem.Line, out var list))
                Problems[problem.Line] = list = [];
            list.Add(problem.Message);
        }
        return found.Count == 0 ? checkedQuestions : null;
    }

    /// The check-in card the questions make, as each platform would show it; null while none would render.
    private JsonObject? Render(List<(QuestionKind Kind, QuestionEntry Entry)>? wanted)
    {
        var questions = (wanted ?? []).Select((w, i) => new Question { Key = w.Entry.Key!.Trim(), Kind = w.Kind, Prompt = w.Entry.Prompt!.Trim(), Choices = [.. w.Entry.Choices], Required = w.Entry.Required, Position = i + 1 }).ToList();
        if (questions.Count == 0)
            return null;
        // The cohort it is shown for: a running one (the latest begun) before one whose schedule ended.
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var cohort = Cohorts.OrderBy(c => c.Schedule.EndDate is { } end && end < today).ThenByDescending(c => c.Schedule.AnchorDate).FirstOrDefault() ?? new Cohort { Name = "Your cohort", Schedule = new CohortSchedule { TimeZone = Viewer.TimeZone } };
        var now = time.GetUtcNow();
        var round = new Round { Id = 0, Number = 1, OpensAt = now, ClosesAt = now.AddDays(cohort.Schedule.RoundLengthDays) };
        var teacher = new Member { DisplayName = Viewer.Name, Email = "", TimeZone = Viewer.TimeZone };
        var message = CheckInCards.CheckIn(round, cohort, teacher, coach: null, new CheckInForm(questions, lastPlan: null));
        return previews.Render(message);
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(User, db, cancellationToken) is not { } viewer || viewer.Role == MemberRole.Teacher)
            return false;
        var set = await db.QuestionSets.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.DistrictId == viewer.DistrictId, cancellationToken);
        if (set is null)
            return false;
        var cohorts = await db.Cohorts.AsNoTracking().Where(c => c.QuestionSetId == id).OrderBy(c => c.Name).ToListAsync(cancellationToken);
        // A coach edits a set only when every cohort asking it is theirs to edit (and it is asked by one).
        if (!viewer.IsCoordinator && (cohorts.Count == 0 || !cohorts.All(c => viewer.EditsCohort(c.Id))))
            return false;
        Viewer = viewer;
        Set = set;
        Cohorts.AddRange(cohorts);
        return true;
    }

    private static (string Verb, int Index) Parse(string? op)
    {
        var parts = (op ?? "").Split(':', 2);
        return (parts[0], parts.Length == 2 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var index) && index >= 0 ? index : int.MaxValue);
    }
}

/// One question of the form, as typed.
internal sealed class QuestionInput
{
    /// Empty for a question added on the page (it gets a key from its prompt when it is saved).
    public string? Key { get; set; }
    public string? Kind { get; set; }
    public string? Prompt { get; set; }
    public bool Required { get; set; }

    /// One choice a line.
    public string? Choices { get; set; }

    public static QuestionInput Of(Question question) => new()
    {
        Key = question.Key,
        Kind = QuestionRules.Name(question.Kind),
        Prompt = question.Prompt,
        Required = question.Required,
        Choices = string.Join(Environment.NewLine, question.Choices),
    };

    public QuestionEntry ToEntry(int line) => new()
    {
        Line = line,
        Key = Key,
        Kind = Kind,
        Prompt = Prompt,
        Required = Required,
        Choices = [.. (Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0)],
    };
}
