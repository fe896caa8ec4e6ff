namespace CohortBot.Resources.Search;

/// Typo tolerance, the same rules for the query (TypoVocabulary) and for reading a resource again.
internal static class Typos
{
    /// Letters that must be right: a wrong first letter is rare, and a free one would make the
    /// expansion walk the whole vocabulary.
    public const int PrefixLength = 1;

    /// The most words one typo may stand for (the nearest first).
    public const int MaxExpansions = 50;

    /// The shortest word a typo may be taken for: "party" is not a typo of "part".
    public const int MinLength = 5;

    /// Edits allowed for a word as typed: none under 5 letters (too many real words nearby).
    public static int AllowedEdits(string word) => word.Length switch
    {
        >= 8 => 2,
        >= 5 => 1,
        _ => 0,
    };

    /// The optimal-string-alignment distance (a swap of two letters is one typo, as in Lucene's
    /// fuzzy query with transpositions), or max + 1 as soon as it is known to exceed max. Both
    /// words must have MinLength letters and agree on the first PrefixLength.
    public static int Distance(string a, string b, int max)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (Math.Abs(a.Length - b.Length) > max || a.Length < MinLength || b.Length < MinLength
            || string.CompareOrdinal(a, 0, b, 0, PrefixLength) != 0)
        {
            return max + 1;
        }

        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }
}
