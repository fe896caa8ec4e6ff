using System.Text.Json;
using System.Text.RegularExpressions;
using CohortBot.Resources.Search;

namespace CohortBot.Tests.Resources.Search;

internal sealed record RelevanceResource(int Id, int Cohort, string Title, string? Description, string[] Tags)
{
    public SearchDocument ToDocument(IReadOnlyList<SearchVote>? votes = null) =>
        new(Id, Cohort, Title, Description, Tags, votes ?? []);
}

/// Holdout: written after the engine was tuned on the others, and measured as it came.
internal sealed record RelevanceQuestion(string Question, int[] Cohorts, int Expected, bool Typo, bool Holdout = false);

/// The library and the questions of Data/: a coaching library of three cohorts (elementary,
/// secondary, the district's coaches) and questions as teachers type them, each with the resource
/// a coach would give. Written before the engine was tuned, and not bent to it.
internal static partial class RelevanceSet
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Resources", "Search", "Data");

    public static IReadOnlyList<RelevanceResource> Resources { get; } = LoadResources();

    public static IReadOnlyList<RelevanceQuestion> Questions { get; } =
    [
        .. Read<RelevanceQuestion[]>(Path.Combine(Folder, "questions.json")),
        .. Read<RelevanceQuestion[]>(Path.Combine(Folder, "questions-holdout.json")).Select(q => q with { Holdout = true }),
    ];

    public static IEnumerable<IGrouping<int, RelevanceResource>> ByCohort => Resources.GroupBy(r => r.Cohort);

    /// The library indexed, one cohort per index, as the app does it.
    public static ResourceSearchIndex BuildIndex()
    {
        var index = new ResourceSearchIndex();
        foreach (var cohort in ByCohort)
        {
            index.Rebuild(cohort.Key, 1, cohort.Select(r => r.ToDocument()));
        }

        return index;
    }

    public static RelevanceResource Resource(int id) => Resources.Single(r => r.Id == id);

    // "Shares a word" with the title, as a reader would judge it: the same word (3 letters or
    // more, not a stop word), written the same. "rotating" and "Rotation" share none: stemming has
    // to find that one.
    public static bool SharesAWordWithTitle(RelevanceQuestion question) =>
        Words(question.Question).Overlaps(Words(Resource(question.Expected).Title));

    private static readonly HashSet<string> StopWords =
    [
        "the", "and", "for", "with", "how", "what", "who", "when", "where", "why", "which", "this",
        "that", "are", "was", "were", "can", "does", "did", "doesn't", "don't", "can't", "you",
        "your", "our", "their", "they", "them", "from", "into", "has", "have", "not", "but", "its",
        "any", "all", "should", "would", "could", "will", "about", "there", "then", "than", "too",
    ];

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();

    private static HashSet<string> Words(string text) =>
    [
        .. WordPattern().Matches(text.ToLowerInvariant())
            .Select(m => m.Value.Trim('\''))
            .Where(w => w.Length >= 3 && !StopWords.Contains(w)),
    ];

    private static List<RelevanceResource> LoadResources() =>
        [.. Directory.GetFiles(Folder, "resources-*.json").Order(StringComparer.Ordinal).SelectMany(Read<RelevanceResource[]>)];

    private static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), JsonSerializerOptions.Web)
        ?? throw new InvalidDataException($"{path} is empty.");
}
