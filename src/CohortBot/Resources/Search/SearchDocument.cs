namespace CohortBot.Resources.Search;

/// A resource as the index sees it. Votes: the feedback teachers gave on answers that offered it.
internal sealed record SearchDocument(int ResourceId, int CohortId, string Title, string? Description, IReadOnlyList<string> Tags, IReadOnlyList<SearchVote> Votes);

/// A teacher's feedback on an answer that offered the resource, with the question they had asked.
internal sealed record SearchVote(string Question, bool Helpful);
