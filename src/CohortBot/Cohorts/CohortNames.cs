namespace CohortBot.Cohorts;

/// How a command names a cohort (or a site): case-insensitively, by its whole name or the start of
/// it in whole words ("blended" for "Blended Learning Cohort 2026"), the longest prefix that names
/// exactly one winning; whatever follows is the command's options (dates in ISO form, ...). A cohort
/// whose schedule has ended is named only when no running cohort matches: last year's "Blended
/// Learning Cohort 2025" does not make "blended" ambiguous.
internal static class CohortNames
{
    public sealed record Match(Cohort? Cohort, string Options, IReadOnlyList<string> Candidates)
    {
        /// What to tell the person when no single cohort matched <paramref name="typed"/> after <paramref name="command"/>.
        public string Problem(string typed, string command = "open") => Candidates.Count switch
        {
            0 when typed.Length == 0 => $"Name the cohort, for example: {command} Blended Learning Cohort 2026.",
            0 => $"No cohort is called \"{typed}\".",
            _ => $"\"{typed}\" could be {string.Join(" or ", Candidates)}: add a word or two.",
        };
    }

    public static Match Find(string text, IEnumerable<Cohort> cohorts, DateOnly? today = null)
    {
        var all = cohorts.ToList();
        var now = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var running = all.Where(c => c.Schedule is not { EndDate: { } end } || end >= now).ToList();
        var words = Words(text);
        var (name, used, ambiguous) = Longest(words, all.Select(c => c.Name));
        if (name is null && ambiguous.Count > 0 && running.Count < all.Count && Longest(words, running.Select(c => c.Name)) is { Name: not null } current)
            (name, used, ambiguous) = current;
        return name is null
            ? new Match(null, "", ambiguous)
            : new Match(all.First(c => c.Name == name), string.Join(' ', words[used..]), []);
    }

    /// The name that the first words of <paramref name="words"/> name, and how many words that took;
    /// else the names the longest ambiguous prefix could be.
    public static (string? Name, int Used, IReadOnlyList<string> Ambiguous) Longest(IReadOnlyList<string> words, IEnumerable<string> names)
    {
        var all = names.ToList();
        IReadOnlyList<string> ambiguous = [];
        for (var count = words.Count; count > 0; count--)
        {
            var typed = words.Take(count).ToArray();
            var candidates = all.Where(n => StartsWithWords(n, typed)).ToList();
            var exact = candidates.Where(n => Words(n).Length == typed.Length).ToList();
            if (candidates.Count == 1 || exact.Count == 1)
                return (candidates.Count == 1 ? candidates[0] : exact[0], count, []);
            if (candidates.Count > 1 && ambiguous.Count == 0)
                ambiguous = [.. candidates.Order(StringComparer.OrdinalIgnoreCase)];
        }
        return (null, 0, ambiguous);
    }

    private static bool StartsWithWords(string name, string[] typed)
    {
        var words = Words(name);
        return typed.Length <= words.Length && typed.Select((w, i) => string.Equals(w, words[i], StringComparison.OrdinalIgnoreCase)).All(same => same);
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
