using System.Collections.Concurrent;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace CohortBot.Resources.Search;

/// The resource library's search: the best resources of a teacher's cohorts for a question in the
/// teacher's own words. One in-memory Lucene index per cohort, rebuilt whole from the database
/// (the source of truth) and swapped in atomically; a singleton, safe for concurrent use.
///
/// Ranking is BM25 over stemmed title, tags and description (title and tags weigh more), each unit
/// of the question (a word, or a phrase with its synonyms) counting once; a word that is in no
/// resource is taken for a typo of the library's nearest words, at a lower weight. The best
/// candidates are then read again (<see cref="ResourceMatcher"/>): a resource is only offered when
/// it holds enough of the question, so a question with nothing relevant gets no answer rather than
/// three poor ones; one that holds more of the question ranks above one that shines on one word;
/// and votes lift or lower a resource for questions like the one voted on, within bounds.
internal sealed class ResourceSearchIndex : IDisposable
{
    // Each holds stems and, where they differ, the words as written (see ResourceAnalyzer.Output).
    internal const string TitleField = "title";
    internal const string TagsField = "tags";
    internal const string DescriptionField = "description";
    internal const string OrdinalField = "ordinal";

    /// The most hits one search returns, whatever top asks.
    public const int MaxTop = 20;

    private const float TitleBoost = 1.5f;
    private const float TagsBoost = 1.25f;
    private const float DescriptionBoost = 1f;
    private const float PartialWeight = 0.4f;
    private const float TypoWeight = 0.6f;
    private const float GenericUnitBoost = 0.5f;
    // A unit found in several fields scores by its best field, plus a little for the others.
    private const float TieBreaker = 0.1f;

    // One vote on the same question moves a resource by VoteStep; all together stay in bounds.
    private const double VoteStep = 0.1;
    private const double MinVoteMultiplier = 0.7;
    private const double MaxVoteMultiplier = 1.4;
    private const double MinVoteSimilarity = 0.3;
    // What a resource holding none of the rest of the question keeps of its score: BM25 adds up
    // words, so one word in a title could beat a description that answers everything.
    private const double CoverageFloor = 0.5;
    // Hits far below the best one are noise next to it.
    private const double RelativeFloor = 0.2;

    private static readonly (string Name, float Boost)[] Fields =
        [(TitleField, TitleBoost), (TagsField, TagsBoost), (DescriptionField, DescriptionBoost)];

    internal static readonly IReadOnlyList<string> SearchedFields = [.. Fields.Select(f => f.Name)];

    private readonly ResourceAnalyzer indexAnalyzer = new(ResourceAnalyzer.Output.Index);
    private readonly ResourceAnalyzer wordsAndStems = new(ResourceAnalyzer.Output.WordsAndStems);
    private readonly QuestionParser parser;
    private readonly ResourceMatcher matcher;
    // Every index and every searcher scores with this one similarity, so cohorts compare.
    private readonly BM25Similarity similarity = new();
    private readonly ConcurrentDictionary<int, CohortSnapshot> snapshots = new();
    private readonly System.Threading.Lock gate = new();
    private bool disposed;

    public ResourceSearchIndex()
    {
        parser = new QuestionParser(wordsAndStems, new ResourceSynonyms(wordsAndStems));
        matcher = new ResourceMatcher(wordsAndStems);
    }

    /// The version the cohort's index was built from; null when never built.
    public long? VersionOf(int cohortId) =>
        snapshots.TryGetValue(cohortId, out var snapshot) ? snapshot.Version : null;

    /// How many resources the cohort's index holds (0 when never built).
    public int CountOf(int cohortId) =>
        snapshots.TryGetValue(cohortId, out var snapshot) ? snapshot.Count : 0;

    /// Replaces the cohort's index with one built from these documents, atomically: searches under
    /// way finish on the old one. A build older than the installed one (a lower version, as when
    /// two rebuilds race) is dropped, so versions must grow with every change of the library.
    public void Rebuild(int cohortId, long version, IEnumerable<SearchDocument> documents)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(documents);
        var built = Build(cohortId, version, documents);
        CohortSnapshot? replaced = null;
        var stale = false;
        lock (gate)
        {
            if (disposed || (snapshots.TryGetValue(cohortId, out var current) && current.Version > version))
            {
                stale = true;
            }
            else
            {
                replaced = current;
                snapshots[cohortId] = built;
            }
        }

        (stale ? built : replaced)?.Release();
    }

    /// Forgets a cohort (deleted, or closed for good).
    public void Remove(int cohortId)
    {
        CohortSnapshot? removed;
        lock (gate)
        {
            snapshots.TryRemove(cohortId, out removed);
        }

        removed?.Release();
    }

    /// The best resources of these cohorts for the question, best first: only those above the
    /// relevance threshold, so empty when nothing is good enough. Never throws on what a teacher
    /// may type.
    public IReadOnlyList<SearchHit> Search(IReadOnlyCollection<int> cohortIds, string question, int top = 3)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(cohortIds);
        if (top <= 0 || cohortIds.Count == 0)
        {
            return [];
        }

        var parsed = parser.Parse(question);
        if (parsed.Units.Count == 0)
        {
            return [];
        }

        var acquired = Acquire(cohortIds);
        try
        {
            return acquired.Count == 0 ? [] : Search(acquired, parsed, Math.Min(top, MaxTop));
        }
        finally
        {
            foreach (var snapshot in acquired)
            {
                snapshot.Release();
            }
        }
    }

    public void Dispose()
    {
        CohortSnapshot[] all;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            all = [.. snapshots.Values];
            snapshots.Clear();
        }

        foreach (var snapshot in all)
        {
            snapshot.Release();
        }

        indexAnalyzer.Dispose();
        wordsAndStems.Dispose();
    }

    private List<CohortSnapshot> Acquire(IReadOnlyCollection<int> cohortIds)
    {
        var acquired = new List<CohortSnapshot>(cohortIds.Count);
        foreach (var cohortId in cohortIds.Distinct())
        {
            while (snapshots.TryGetValue(cohortId, out var snapshot))
            {
                if (!snapshot.TryAcquire())
                {
                    continue; // replaced and freed since it was looked up: look again
                }

                if (snapshot.Count > 0)
                {
                    acquired.Add(snapshot);
                }
                else
                {
                    snapshot.Release();
                }

                break;
            }
        }

        return acquired;
    }

    private SearchHit[] Search(List<CohortSnapshot> acquired, ParsedQuestion question, int top)
    {
        // Several cohorts are searched as one reader, so that BM25 weighs a word by how rare it is
        // in all of them together: scores are comparable by construction, not normalised after.
        MultiReader? multi = null;
        var searcher = acquired[0].Searcher;
        var bases = new int[acquired.Count + 1];
        if (acquired.Count > 1)
        {
            multi = new MultiReader([.. acquired.Select(s => (IndexReader)s.Reader)], closeSubReaders: false);
            searcher = new IndexSearcher(multi) { Similarity = similarity };
        }

        for (var s = 0; s < acquired.Count; s++)
        {
            bases[s + 1] = bases[s] + acquired[s].Reader.MaxDoc;
        }

        try
        {
            var fuzzyEdits = new int[question.Units.Count];
            var query = BuildQuery(question, searcher.IndexReader, acquired, fuzzyEdits);
            // Reranking reads candidates again: enough of them to reorder the top, no more.
            var found = searcher.Search(query, Math.Clamp(top * 5, 15, 60)).ScoreDocs;

            var scored = new List<(SearchHit Hit, double Score)>();
            var cutoff = 0.0;
            foreach (var candidate in found)
            {
                // Reranking lowers scores, except votes, which lift one by MaxVoteMultiplier at most:
                // once the rest cannot reach the current top, reading them again is wasted.
                if (scored.Count >= top && candidate.Score * MaxVoteMultiplier < cutoff)
                {
                    break;
                }

                var s = 0;
                while (candidate.Doc >= bases[s + 1])
                {
                    s++;
                }

                var local = candidate.Doc - bases[s];
                var document = acquired[s].Document(local);
                var profile = matcher.Match(question, fuzzyEdits, document);
                if (!profile.Answers)
                {
                    continue;
                }

                var score = candidate.Score
                    * (CoverageFloor + ((1 - CoverageFloor) * profile.Coverage))
                    * VoteMultiplier(question.VoteKeys, acquired[s].Votes(local));
                scored.Add((new SearchHit(document.ResourceId, document.CohortId, score, profile.MatchedWords), score));
                if (scored.Count >= top)
                {
                    cutoff = scored.Select(h => h.Score).OrderDescending().ElementAt(top - 1);
                }
            }

            if (scored.Count == 0)
            {
                return [];
            }

            var floor = scored.Max(h => h.Score) * RelativeFloor;
            return [.. scored.Where(h => h.Score >= floor).OrderByDescending(h => h.Score).Take(top).Select(h => h.Hit)];
        }
        finally
        {
            multi?.Dispose();
        }
    }

    private static BooleanQuery BuildQuery(ParsedQuestion question, IndexReader reader, List<CohortSnapshot> snapshots, int[] fuzzyEdits)
    {
        var query = new BooleanQuery(disableCoord: true);
        for (var u = 0; u < question.Units.Count; u++)
        {
            var unit = question.Units[u];
            var any = new DisjunctionMaxQuery(TieBreaker);
            foreach (var alternative in unit.Alternatives)
            {
                foreach (var (field, boost) in Fields)
                {
                    any.Add(Clause(field, alternative, boost * (float)alternative.Weight));
                }
            }

            foreach (var partial in unit.Partials)
            {
                foreach (var (field, boost) in Fields)
                {
                    any.Add(new TermQuery(new Term(field, partial)) { Boost = boost * PartialWeight });
                }
            }

            // Only a word that no resource has is taken for a typo: a real word stays itself.
            if (unit.Word is { } word && word.All(char.IsLetter) && Typos.AllowedEdits(word) is > 0 and var edits
                && Fields.All(f => reader.DocFreq(new Term(f.Name, unit.Key)) == 0))
            {
                fuzzyEdits[u] = edits;
                AddTypoClauses(any, word, edits, snapshots);
            }

            any.Boost = unit.Generic ? GenericUnitBoost : 1f;
            query.Add(any, Occur.SHOULD);
        }

        return query;
    }

    private static Query Clause(string field, QueryAlternative alternative, float boost)
    {
        if (alternative.Stems.Length == 1)
        {
            return new TermQuery(new Term(field, alternative.Stems[0])) { Boost = boost };
        }

        // Slop 1: "small flexible groups" is still a small group.
        var phrase = new PhraseQuery { Slop = 1, Boost = boost };
        for (var i = 0; i < alternative.Stems.Length; i++)
        {
            phrase.Add(new Term(field, alternative.Stems[i]), alternative.Positions[i]);
        }

        return phrase;
    }

    // The words the typo may stand for, nearest first, each in the fields that hold it; a word two
    // letters off weighs less than one a letter off.
    private static void AddTypoClauses(DisjunctionMaxQuery any, string word, int edits, List<CohortSnapshot> snapshots)
    {
        var near = new Dictionary<string, (int Distance, int Fields)>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            snapshot.Typos.Near(word, edits, near);
        }

        foreach (var (candidate, (distance, fields)) in near.OrderBy(n => n.Value.Distance).ThenBy(n => n.Key, StringComparer.Ordinal).Take(Typos.MaxExpansions))
        {
            for (var f = 0; f < Fields.Length; f++)
            {
                if ((fields & (1 << f)) != 0)
                {
                    var (field, boost) = Fields[f];
                    any.Add(new TermQuery(new Term(field, candidate)) { Boost = boost * TypoWeight / distance });
                }
            }
        }
    }

    // How much the question is the one voted on (Dice overlap of their specific units) decides how
    // much the vote counts; unrelated votes count nothing.
    private static double VoteMultiplier(HashSet<string> keys, VoteProfile[] votes)
    {
        if (votes.Length == 0 || keys.Count == 0)
        {
            return 1;
        }

        var net = 0.0;
        foreach (var vote in votes)
        {
            var shared = vote.Keys.Count(keys.Contains);
            var similarity = 2.0 * shared / (keys.Count + vote.Keys.Count);
            if (similarity >= MinVoteSimilarity)
            {
                net += vote.Helpful ? similarity : -similarity;
            }
        }

        return Math.Clamp(1 + (VoteStep * net), MinVoteMultiplier, MaxVoteMultiplier);
    }

    private CohortSnapshot Build(int cohortId, long version, IEnumerable<SearchDocument> documents)
    {
        var byOrdinal = new List<SearchDocument>();
        var votes = new List<VoteProfile[]>();
        var directory = new RAMDirectory();
        try
        {
            var config = new IndexWriterConfig(ResourceAnalyzer.Version, indexAnalyzer)
            {
                OpenMode = OpenMode.CREATE,
                Similarity = similarity,
                RAMBufferSizeMB = 48,
                // Merges on the calling thread: no background threads outliving a rebuild.
                MergeScheduler = new SerialMergeScheduler(),
            };
            using (var writer = new IndexWriter(directory, config))
            {
                foreach (var document in documents)
                {
                    ArgumentNullException.ThrowIfNull(document, nameof(documents));
                    if (document.CohortId != cohortId)
                    {
                        // A resource indexed under the wrong cohort would be shown to its strangers.
                        throw new ArgumentException($"Resource {document.ResourceId} belongs to cohort {document.CohortId}, not {cohortId}.", nameof(documents));
                    }

                    writer.AddDocument(ToLucene(document, byOrdinal.Count));
                    byOrdinal.Add(document);
                    votes.Add(Profile(document.Votes));
                }

                // One segment searches fastest; the index is written once and then only read.
                writer.ForceMerge(1);
                writer.Commit();
            }

            return new CohortSnapshot(cohortId, version, directory, similarity, byOrdinal, votes);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    private static Document ToLucene(SearchDocument document, int ordinal)
    {
        var lucene = new Document
        {
            new TextField(TitleField, document.Title ?? "", Field.Store.NO),
            new NumericDocValuesField(OrdinalField, ordinal),
        };
        foreach (var tag in document.Tags ?? [])
        {
            if (!string.IsNullOrWhiteSpace(tag))
            {
                lucene.Add(new TextField(TagsField, tag, Field.Store.NO));
            }
        }

        if (!string.IsNullOrWhiteSpace(document.Description))
        {
            lucene.Add(new TextField(DescriptionField, document.Description, Field.Store.NO));
        }

        return lucene;
    }

    private VoteProfile[] Profile(IReadOnlyList<SearchVote>? votes)
    {
        if (votes is null || votes.Count == 0)
        {
            return [];
        }

        return
        [
            .. votes
                .Where(v => v is not null)
                .Select(v => new VoteProfile(parser.Parse(v.Question).VoteKeys, v.Helpful))
                .Where(v => v.Keys.Count > 0),
        ];
    }
}
