using Lucene.Net.Index;

namespace CohortBot.Resources.Search;

/// The words of one cohort's library that a typo may stand for, with the fields that hold them.
/// Lucene's fuzzy query builds a Levenshtein automaton for every query and field, which cost
/// milliseconds a search for two edits; a walk through the words of the same first letter and a
/// near length, with the same distance the resource matcher uses, costs a fraction of that.
internal sealed class TypoVocabulary
{
    private readonly Dictionary<char, List<(string Word, int Fields)>> byFirstLetter = [];

    public TypoVocabulary(IndexReader reader, IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(fields);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var f = 0; f < fields.Count; f++)
        {
            var terms = MultiFields.GetTerms(reader, fields[f]);
            if (terms is null)
            {
                continue;
            }

            var termsEnum = terms.GetEnumerator();
            while (termsEnum.MoveNext())
            {
                var word = termsEnum.Term.Utf8ToString();
                if (word.Length >= Typos.MinLength && word.All(char.IsLetter))
                {
                    seen[word] = seen.GetValueOrDefault(word) | (1 << f);
                }
            }
        }

        foreach (var (word, mask) in seen)
        {
            if (!byFirstLetter.TryGetValue(word[0], out var list))
            {
                byFirstLetter.Add(word[0], list = []);
            }

            list.Add((word, mask));
        }
    }

    /// Adds the words within maxEdits of typed (and not typed itself) to found, with their
    /// distance and the fields (bit f for fields[f]) that hold them.
    public void Near(string typed, int maxEdits, Dictionary<string, (int Distance, int Fields)> found)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(found);
        if (typed.Length < Typos.MinLength || !byFirstLetter.TryGetValue(typed[0], out var list))
        {
            return;
        }

        foreach (var (word, fields) in list)
        {
            if (Math.Abs(word.Length - typed.Length) > maxEdits)
            {
                continue;
            }

            var distance = Typos.Distance(typed, word, maxEdits);
            if (distance > 0 && distance <= maxEdits)
            {
                found[word] = found.TryGetValue(word, out var known)
                    ? (Math.Min(distance, known.Distance), known.Fields | fields)
                    : (distance, fields);
            }
        }
    }
}
