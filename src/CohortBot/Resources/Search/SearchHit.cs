namespace CohortBot.Resources.Search;

/// A resource that answers the question. Score: higher is better, comparable within one search.
/// MatchedWords: the words of the resource (title/tags/description, as they appear there, original
/// case) that matched the question, for "the words that matched" on the answer card; a phrase that
/// matched as a whole ("Station Rotation") is one entry.
internal sealed record SearchHit(int ResourceId, int CohortId, double Score, IReadOnlyList<string> MatchedWords);
