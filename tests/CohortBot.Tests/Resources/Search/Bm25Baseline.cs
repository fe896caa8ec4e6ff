using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace CohortBot.Tests.Resources.Search;

/// What plain Lucene does with the same library: StandardAnalyzer on title + description + tags in
/// one field, BM25, every word of the question a should-clause; no boosts, synonyms, typos,
/// votes or threshold. The yardstick the engine must beat.
internal sealed class Bm25Baseline : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly RAMDirectory directory = new();
    private readonly StandardAnalyzer analyzer = new(Version);
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;

    public Bm25Baseline(IEnumerable<RelevanceResource> resources)
    {
        var similarity = new BM25Similarity();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Version, analyzer) { Similarity = similarity }))
        {
            foreach (var resource in resources)
            {
                writer.AddDocument(new Document
                {
                    new StoredField("id", resource.Id),
                    new StringField("cohort", resource.Cohort.ToString(System.Globalization.CultureInfo.InvariantCulture), Field.Store.NO),
                    new TextField("all", $"{resource.Title}\n{resource.Description}\n{string.Join("\n", resource.Tags)}", Field.Store.NO),
                });
            }
        }

        reader = DirectoryReader.Open(directory);
        searcher = new IndexSearcher(reader) { Similarity = similarity };
    }

    public IReadOnlyList<int> Search(IEnumerable<int> cohorts, string question, int top)
    {
        var query = new BooleanQuery();
        using (var stream = analyzer.GetTokenStream("all", question))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                query.Add(new TermQuery(new Term("all", term.ToString())), Occur.SHOULD);
            }

            stream.End();
        }

        if (query.Clauses.Count == 0)
        {
            return [];
        }

        var inCohorts = new BooleanQuery();
        foreach (var cohort in cohorts)
        {
            inCohorts.Add(new TermQuery(new Term("cohort", cohort.ToString(System.Globalization.CultureInfo.InvariantCulture))), Occur.SHOULD);
        }

        var found = searcher.Search(query, new QueryWrapperFilter(inCohorts), top);
        return [.. found.ScoreDocs.Select(d => searcher.Doc(d.Doc).GetField("id").GetInt32Value() ?? 0)];
    }

    public void Dispose()
    {
        reader.Dispose();
        analyzer.Dispose();
        directory.Dispose();
    }
}
