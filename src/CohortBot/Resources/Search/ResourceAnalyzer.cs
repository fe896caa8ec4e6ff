using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.CharFilters;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Pattern;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace CohortBot.Resources.Search;

/// A word of a text as the search sees it: as written (lower case, accents folded), its Porter stem,
/// where it stands in the text, and its position (stop words leave gaps, as in the index).
internal readonly record struct AnalyzedToken(string Word, string Stem, int Start, int End, int Position);

/// The one text chain for resources and questions, so that both sides agree on every term. It is
/// EnglishAnalyzer's chain (standard tokenizer, possessive, lower case, stop words, Porter), plus
/// accent folding (à la carte), "1:1" read as "one-to-one" (the tokenizer would keep two "1"s),
/// and colons as spaces.
/// The stop list is longer than Lucene's 33 words: teachers' questions are full of "how do I", and
/// those words must not decide which resource wins.
internal sealed partial class ResourceAnalyzer(ResourceAnalyzer.Output output) : Analyzer
{
    internal enum Output
    {
        /// What the index holds: each stem, and the word as written at the same position when it
        /// differs, so that term and phrase queries find stems and typos find the words they
        /// stand for, in one field analysed once.
        Index,
        /// Each word followed by its stem at the same position, read by <see cref="Tokens"/>.
        WordsAndStems,
    }

    internal static readonly LuceneVersion Version = LuceneVersion.LUCENE_48;

    // The values of one field (the tags) must not make phrases across their borders.
    private const int ValueGap = 100;

    private static readonly CharArraySet StopWords = new(Version,
    [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
        "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
        "they", "this", "to", "was", "will", "with",
        "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "you", "your", "yours", "he",
        "him", "his", "she", "her", "hers", "its", "them", "theirs", "what", "which", "who", "whom",
        "whose", "when", "where", "why", "how", "those", "am", "were", "been", "being", "have", "has",
        "had", "having", "do", "does", "did", "doing", "done", "because", "until", "while", "about",
        "against", "between", "through", "during", "before", "after", "above", "below", "from", "up",
        "down", "out", "over", "under", "again", "further", "once", "here", "all", "any", "both",
        "each", "few", "more", "most", "other", "some", "nor", "only", "same", "so", "than", "too",
        "very", "can", "just", "should", "could", "would", "might", "must", "shall", "may", "also",
        "etc", "im", "i'm", "ive", "i've", "i'd", "i'll", "dont", "don't", "doesn't", "doesnt",
        "didn't", "didnt", "can't", "cant", "won't", "wont", "isn't", "isnt", "aren't", "wasn't",
        "let's", "it's", "that's", "there's", "what's", "we're", "they're", "you're", "via", "per", "yet", "without",
    ], ignoreCase: false);

    private static readonly NormalizeCharMap Characters = BuildCharacters();

    private static NormalizeCharMap BuildCharacters()
    {
        var builder = new NormalizeCharMap.Builder();
        builder.Add("\u2019", "'");
        builder.Add("\u2018", "'");
        builder.Add("\u02BC", "'");
        // The tokenizer keeps "title:october" or "note:stations" as one word; teachers mean two.
        builder.Add(":", " ");
        return builder.Build();
    }

    // Only a free-standing 1:1 (not 11:15, not 1:10), and the ways teachers spell it.
    [GeneratedRegex(@"(?<![\w:.])1\s?(?::|-on-|-to-|\s+on\s+)\s?1(?![\w:]|\.\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OneToOne();

    // 1:1 first, then the colon mapping (which would have broken it up).
    protected override TextReader InitReader(string fieldName, TextReader reader) =>
        new MappingCharFilter(Characters, new PatternReplaceCharFilter(OneToOne(), " one-to-one ", reader));

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        stream = new StopFilter(Version, stream, StopWords);
        stream = output switch
        {
            // The word passes marked as a keyword (the stemmer leaves it), then its stemmed copy.
            Output.WordsAndStems => new PorterStemFilter(new WordThenCopyFilter(stream)),
            _ => new DropRepeatFilter(new PorterStemFilter(new WordThenCopyFilter(stream))),
        };
        return new TokenStreamComponents(source, stream);
    }

    public override int GetPositionIncrementGap(string fieldName) => ValueGap;

    public override int GetOffsetGap(string fieldName) => 1;

    /// The words of a text with their stems and offsets (an analyzer made with WordsAndStems).
    public List<AnalyzedToken> Tokens(string? text)
    {
        var tokens = new List<AnalyzedToken>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return tokens;
        }

        if (output != Output.WordsAndStems)
        {
            throw new InvalidOperationException("Tokens needs an analyzer that emits words and stems.");
        }

        using var stream = GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var keyword = stream.AddAttribute<IKeywordAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        string? word = null;
        int start = 0, end = 0, position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            if (keyword.IsKeyword)
            {
                word = term.ToString();
                start = offset.StartOffset;
                end = offset.EndOffset;
                continue;
            }

            var stem = term.ToString();
            tokens.Add(word is null
                ? new AnalyzedToken(stem, stem, offset.StartOffset, offset.EndOffset, position)
                : new AnalyzedToken(word, stem, start, end, position));
            word = null;
        }

        stream.End();
        return tokens;
    }
}
