namespace CohortBot.Resources.Search;

/// How well a resource answers a question, by what of the question it contains and where: the
/// evidence behind the relevance threshold, and the words to show on the answer card.
/// Coverage: how much of the question the resource holds anywhere (0 to 1, generic words weighing
/// little), which ranks a resource that answers all of it above one that shines on one word.
internal readonly record struct MatchProfile(double Evidence, double Coverage, int SpecificUnits, IReadOnlyList<string> MatchedWords)
{
    /// Enough of the question to answer it: strong evidence, and either a quarter of the question
    /// or two of its specific units. A long question that shares one word with a title ("can you
    /// book a table at the Italian place downtown on Friday") is not about that resource; a long
    /// one with two points in common is.
    public bool Answers => Evidence >= ResourceMatcher.Threshold && (Coverage >= MinCoverage || SpecificUnits >= 2);

    private const double MinCoverage = 0.25;
}

/// Reads a candidate resource again, word by word, against the question's units. A BM25 score
/// says how a resource ranks among others, not whether it answers at all; this says the latter,
/// the same way for a cohort of 10 resources as for one of 3,000.
internal sealed class ResourceMatcher(ResourceAnalyzer words)
{
    public const int MaxMatchedWords = 10;

    // What one unit is worth as evidence, by field and by how it matched.
    private const double HeadField = 1.0;        // title or tags
    private const double DescriptionField = 0.5;
    private const double TypedMatch = 1.0;
    private const double SynonymMatch = 0.9;
    private const double PartialMatch = 0.5;
    // A letter off in a long word is a typo; in a short one it is as often another word
    // (stuff/staff, lunch/launch), which must not answer a question alone.
    private const double OneTypoMatch = 0.85;
    private const double OneTypoShortWordMatch = 0.7;
    private const int ShortWord = 6;
    private const double TwoTyposMatch = 0.65;
    private const double GenericUnit = 0.25;

    /// Evidence needed to answer: one specific unit in title or tags (also as a synonym), or two in
    /// the description, or a near miss in the title with something else besides.
    public const double Threshold = 0.85;

    /// fuzzyEdits[u]: how many typos unit u may have in this search (0: it matched as typed).
    public MatchProfile Match(ParsedQuestion question, int[] fuzzyEdits, SearchDocument document)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(fuzzyEdits);
        ArgumentNullException.ThrowIfNull(document);
        var best = new double[question.Units.Count];
        var found = new double[question.Units.Count];
        var matched = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Read(document.Title, HeadField);
        foreach (var tag in document.Tags)
        {
            Read(tag, HeadField);
        }

        Read(document.Description, DescriptionField);

        double evidence = 0, covered = 0, asked = 0;
        var specific = 0;
        for (var u = 0; u < best.Length; u++)
        {
            var generic = question.Units[u].Generic;
            var weight = generic ? GenericUnit : 1;
            evidence += best[u] * weight;
            covered += found[u] * weight;
            asked += weight;
            specific += !generic && found[u] >= PartialMatch ? 1 : 0;
        }

        return new MatchProfile(evidence, asked > 0 ? covered / asked : 0, specific, matched);

        void Read(string? text, double field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            var tokens = words.Tokens(text);
            var spans = new List<(int Start, int End)>();
            for (var i = 0; i < tokens.Count; i++)
            {
                var stem = tokens[i].Stem;
                if (question.ByFirstStem.TryGetValue(stem, out var alternatives))
                {
                    foreach (var (unit, alternative) in alternatives)
                    {
                        var last = PhraseEnd(tokens, i, alternative.Stems);
                        if (last >= 0)
                        {
                            Keep(unit, field * (alternative.Typed ? TypedMatch : SynonymMatch), 1, tokens[i].Start, tokens[last].End);
                        }
                    }
                }

                if (question.PartialsByStem.TryGetValue(stem, out var units))
                {
                    foreach (var unit in units)
                    {
                        Keep(unit, field * PartialMatch, PartialMatch, tokens[i].Start, tokens[i].End);
                    }
                }

                for (var u = 0; u < fuzzyEdits.Length; u++)
                {
                    if (fuzzyEdits[u] > 0 && question.Units[u].Word is { } typed)
                    {
                        var distance = Typos.Distance(typed, tokens[i].Word, fuzzyEdits[u]);
                        if (distance > 0 && distance <= fuzzyEdits[u])
                        {
                            var typo = distance > 1 ? TwoTyposMatch : typed.Length <= ShortWord ? OneTypoShortWordMatch : OneTypoMatch;
                            Keep(u, field * typo, 1, tokens[i].Start, tokens[i].End);
                        }
                    }
                }
            }

            // Overlapping spans (a phrase and its own words) show once, as the phrase.
            spans.Sort();
            for (var s = 0; s < spans.Count && matched.Count < MaxMatchedWords; s++)
            {
                var (start, end) = spans[s];
                while (s + 1 < spans.Count && spans[s + 1].Start < end)
                {
                    end = Math.Max(end, spans[++s].End);
                }

                var shown = text[start..end];
                if (seen.Add(shown))
                {
                    matched.Add(shown);
                }
            }

            void Keep(int unit, double value, double share, int start, int end)
            {
                best[unit] = Math.Max(best[unit], value);
                found[unit] = Math.Max(found[unit], share);
                if (start >= 0 && end <= text.Length && start < end)
                {
                    spans.Add((start, end));
                }
            }
        }
    }

    // The index of the phrase's last token when it starts at tokens[start]; one extra word may
    // stand inside ("small flexible groups"), as the phrase queries allow with a slop of 1.
    private static int PhraseEnd(List<AnalyzedToken> tokens, int start, string[] stems)
    {
        var at = start;
        var skipped = 0;
        for (var k = 1; k < stems.Length; k++)
        {
            at++;
            if (at < tokens.Count && tokens[at].Stem != stems[k] && skipped == 0)
            {
                skipped++;
                at++;
            }

            if (at >= tokens.Count || tokens[at].Stem != stems[k])
            {
                return -1;
            }
        }

        return at;
    }
}
