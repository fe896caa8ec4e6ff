using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace CohortBot.Resources.Search;

/// Emits each word twice: marked as a keyword (so the stemmer leaves it), then unmarked at the
/// same position (for the stemmer). KeywordRepeatFilter does the same by capturing and restoring
/// the whole attribute state of every token, which made indexing three times slower; only the
/// term and two flags change here, so only they are copied.
internal sealed class WordThenCopyFilter : TokenFilter
{
    private readonly ICharTermAttribute term;
    private readonly IKeywordAttribute keyword;
    private readonly IPositionIncrementAttribute increment;
    private char[] word = new char[32];
    private int length;
    private bool copyPending;

    public WordThenCopyFilter(TokenStream input) : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        keyword = AddAttribute<IKeywordAttribute>();
        increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        if (copyPending)
        {
            copyPending = false;
            term.CopyBuffer(word, 0, length);
            keyword.IsKeyword = false;
            increment.PositionIncrement = 0;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        length = term.Length;
        if (word.Length < length)
        {
            word = new char[length * 2];
        }

        Array.Copy(term.Buffer, word, length);
        keyword.IsKeyword = true;
        copyPending = true;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        copyPending = false;
    }
}

/// Drops a token that repeats the previous one at the same position (a word that is its own stem),
/// so the index holds it once.
internal sealed class DropRepeatFilter : TokenFilter
{
    private readonly ICharTermAttribute term;
    private readonly IPositionIncrementAttribute increment;
    private char[] previous = new char[32];
    private int length = -1;

    public DropRepeatFilter(TokenStream input) : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        increment = AddAttribute<IPositionIncrementAttribute>();
    }

    public override bool IncrementToken()
    {
        while (m_input.IncrementToken())
        {
            if (increment.PositionIncrement == 0 && term.Length == length
                && term.Buffer.AsSpan(0, length).SequenceEqual(previous.AsSpan(0, length)))
            {
                continue;
            }

            length = term.Length;
            if (previous.Length < length)
            {
                previous = new char[length * 2];
            }

            Array.Copy(term.Buffer, previous, length);
            return true;
        }

        return false;
    }

    public override void Reset()
    {
        base.Reset();
        length = -1;
    }
}
