namespace CohortBot.Cohorts;

/// How a command names a cohort: case-insensitively, by its whole name or the start of it in whole
/// words ("blended" for "Blended Learning Cohort 2026"), the longest prefix that names exactly one
/// cohort winning; whatever follows is the command's options (dates in ISO form, ...).
internal static class CohortNames
{
    public sealed record Match(Cohort? Cohort, string Options, IReadOnlyList<string> Candidates)
    {
        /// What to tell the person when no single cohort matched.
        public string Problem(string typed) => Candidates.Count switch
        {
            0 when typed.Length == 0 => "Name the cohort, for example: open Blended Learning Cohort 2026.",
            0 => $"No cohort is called \"{typed}\".",
            _ => $"\"{typed}\" could be {string.Join(" or ", Candidates)}: add a word or two.",
        };
    }

    public static Match Find(string text, IEnumerable<Cohort> cohorts)
    {
        var all = cohorts.ToList();
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        IReadOnlyList<string> ambiguous = [];
        for (var count = words.Length; count > 0; count--)
        {
            var typed = words[..count];
            var candidates = all.Where(c => StartsWithWords(c.Name, typed)).ToList();
            var exact = candidates.Where(c => Words(c.Name).Length == typed.Length).ToList();
            if (candidates.Count == 1 || exact.Count == 1)
                return new Match(candidates.Count == 1 ? candidates[0] : exact[0], string.Join(' ', words[count..]), []);
            if (candidates.Count > 1 && ambiguous.Count == 0)
                ambiguous = [.. candidates.Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase)];
        }
        return new Match(null, "", ambiguous);
    }

    private static bool StartsWithWords(string name, string[] typed)
    {
        var words = Words(name);
        return typed.Length <= words.Length && typed.Select((w, i) => string.Equals(w, words[i], StringComparison.OrdinalIgnoreCase)).All(same => same);
    }

    private static string[] Words(string name) => name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
