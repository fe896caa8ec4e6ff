using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace CohortBot.Resources.Search;

/// The feedback on a resource, kept as the units of the question it was given for.
internal sealed record VoteProfile(HashSet<string> Keys, bool Helpful);

/// One built version of one cohort's index: its reader and searcher, and the documents and votes
/// by Lucene document number (so a hit needs no stored fields). It lives as long as a search uses
/// it: the index holds one reference and each search one more, and the last to let go frees it.
internal sealed class CohortSnapshot : IReaderDisposedListener
{
    private readonly RAMDirectory directory;
    private readonly SearchDocument[] documents;
    private readonly VoteProfile[][] votes;

    public CohortSnapshot(int cohortId, long version, RAMDirectory directory, Similarity similarity, IReadOnlyList<SearchDocument> byOrdinal, IReadOnlyList<VoteProfile[]> votesByOrdinal)
    {
        CohortId = cohortId;
        Version = version;
        this.directory = directory;
        Reader = DirectoryReader.Open(directory);
        Searcher = new IndexSearcher(Reader) { Similarity = similarity };

        // Lucene numbers documents its own way once segments merge; the ordinal each one was added
        // with (a doc value) maps them back.
        documents = new SearchDocument[Reader.MaxDoc];
        votes = new VoteProfile[Reader.MaxDoc][];
        foreach (var leaf in Reader.Leaves)
        {
            var ordinals = leaf.AtomicReader.GetNumericDocValues(ResourceSearchIndex.OrdinalField);
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                var ordinal = (int)ordinals.Get(doc);
                documents[leaf.DocBase + doc] = byOrdinal[ordinal];
                votes[leaf.DocBase + doc] = votesByOrdinal[ordinal];
            }
        }

        Typos = new TypoVocabulary(Reader, ResourceSearchIndex.SearchedFields);
        Reader.AddReaderDisposedListener(this);
    }

    public int CohortId { get; }
    public long Version { get; }
    public DirectoryReader Reader { get; }
    public IndexSearcher Searcher { get; }
    public TypoVocabulary Typos { get; }
    public int Count => documents.Length;

    public SearchDocument Document(int doc) => documents[doc];

    public VoteProfile[] Votes(int doc) => votes[doc];

    /// False when the snapshot was replaced and freed meanwhile: look it up again.
    public bool TryAcquire() => Reader.TryIncRef();

    public void Release() => Reader.DecRef();

    void IReaderDisposedListener.OnDispose(IndexReader reader) => directory.Dispose();
}
