using CohortBot.Text;

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

    /// <see cref="EditDistance.Within"/>, for words that both have <see cref="MinLength"/> letters and
    /// agree on the first <see cref="PrefixLength"/> (any other pair is max + 1 apart).
    public static int Distance(string a, string b, int max)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Length < MinLength || b.Length < MinLength || string.CompareOrdinal(a, 0, b, 0, PrefixLength) != 0
            ? max + 1
            : EditDistance.Within(a, b, max);
    }
}
