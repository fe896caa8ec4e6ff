namespace CohortBot.Resources.Search;

/// One way a unit of the question may appear in a resource: the words the teacher typed (Typed)
/// or another member of their synonym group, with what a match on it is worth.
internal sealed record QueryAlternative(string[] Stems, int[] Positions, double Weight, bool Typed);

/// One thing the teacher asked about: a word, or a phrase of a synonym group. Each unit counts
/// once however many of its alternatives a resource has, so that "SR" does not score three times
/// for "station rotation stations".
internal sealed class QueryUnit(string key, IReadOnlyList<QueryAlternative> alternatives, IReadOnlyList<string> partials, string? word, bool generic)
{
    /// The stem, or the synonym group, that identifies the unit (also for comparing with votes).
    public string Key { get; } = key;
    public IReadOnlyList<QueryAlternative> Alternatives { get; } = alternatives;
    /// The single words of a typed phrase, worth less on their own ("rotation" for "station rotation").
    public IReadOnlyList<string> Partials { get; } = partials;
    /// The word as typed, for typo tolerance; null for phrases.
    public string? Word { get; } = word;
    /// A word every resource may use (students, lesson): it ranks, but proves nothing.
    public bool Generic { get; } = generic;
}

/// A question made ready for the index: its units, and lookups that let a resource's words be
/// checked against all of them in one pass.
internal sealed class ParsedQuestion
{
    public static readonly ParsedQuestion Empty = new([]);

    public ParsedQuestion(IReadOnlyList<QueryUnit> units)
    {
        Units = units;
        for (var u = 0; u < units.Count; u++)
        {
            foreach (var alternative in units[u].Alternatives)
            {
                Add(ByFirstStem, alternative.Stems[0], (u, alternative));
            }

            foreach (var partial in units[u].Partials)
            {
                Add(PartialsByStem, partial, u);
            }

            if (!units[u].Generic)
            {
                VoteKeys.Add(units[u].Key);
            }
        }
    }

    public IReadOnlyList<QueryUnit> Units { get; }
    public Dictionary<string, List<(int Unit, QueryAlternative Alternative)>> ByFirstStem { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<int>> PartialsByStem { get; } = new(StringComparer.Ordinal);
    /// The specific units, which is what makes two questions "the same question" for votes.
    public HashSet<string> VoteKeys { get; } = new(StringComparer.Ordinal);

    private static void Add<T>(Dictionary<string, List<T>> lookup, string stem, T value)
    {
        if (!lookup.TryGetValue(stem, out var list))
        {
            lookup.Add(stem, list = []);
        }

        list.Add(value);
    }
}
