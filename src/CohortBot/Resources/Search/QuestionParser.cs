using System.Text.RegularExpressions;

namespace CohortBot.Resources.Search;

/// Turns what a teacher typed into query units. Free text of any shape: it never throws, cuts long
/// text, drops links, emoji and punctuation (the tokenizer does not emit them), and never hands
/// text to a query parser, so "AND", "*", ":" or quotes are just characters.
internal sealed partial class QuestionParser
{
    public const int MaxQuestionLength = 500;
    public const int MaxUnits = 40;

    // Words that frame a question rather than say what it is about ("any tips for ...").
    private static readonly string[] FillerWords =
    [
        "tip", "tips", "idea", "ideas", "help", "helping", "need", "needs", "needed", "want", "wants",
        "anyone", "anybody", "someone", "somebody", "something", "anything", "everyone", "look",
        "looking", "find", "finding", "resource", "resources", "please", "pls", "plz", "thanks",
        "thank", "thx", "hi", "hello", "hey", "suggestion", "suggestions", "suggest", "recommend",
        "recommendation", "recommendations", "advice", "best", "good", "great", "better", "way",
        "ways", "thing", "things", "know", "share", "really", "like", "question", "questions",
        "wonder", "wondering", "try", "trying", "tried", "hope", "hoping", "example", "examples",
        "stuff", "kind", "sort", "lot", "lots", "ok", "okay", "lol", "guys", "folks", "yall",
        "y'all", "today", "tomorrow", "tonight", "soon", "next", "new", "start", "starting",
        "get", "getting", "go", "going", "make", "making", "one", "thought", "thoughts", "anyway",
        "still", "already", "even", "much", "many", "well", "actually", "maybe", "sure", "see",
    ];

    // Words any resource of the field may use: they rank (with little weight), prove nothing.
    private static readonly string[] GenericWords =
    [
        "student", "students", "kid", "kids", "teacher", "teachers", "class", "classes", "classroom",
        "school", "lesson", "lessons", "learn", "learning", "use", "using", "work", "time", "day",
        "week", "year", "grade", "grades", "run", "running", "set", "setting", "plan", "planning",
        "first", "model", "models", "blended", "blend", "online", "digital", "activity",
        "activities", "strategy", "strategies", "teach", "teaching", "instruction", "support",
        "practice", "tool", "tools", "app", "apps", "program", "problem", "issue", "part", "room",
        "unit", "content", "skill", "skills", "level", "levels", "group", "groups", "task", "tasks",
        "course", "material", "materials", "keep", "keeping", "stop", "own", "take", "come",
        // Counts say as little as digits ("six kids", "three stations").
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty",
        "thirty", "forty", "fifty", "hundred",
    ];

    private readonly ResourceAnalyzer words;
    private readonly ResourceSynonyms synonyms;
    private readonly HashSet<string> fillers;
    private readonly HashSet<string> generics;

    public QuestionParser(ResourceAnalyzer words, ResourceSynonyms synonyms)
    {
        this.words = words;
        this.synonyms = synonyms;
        fillers = StemsOf(FillerWords);
        generics = StemsOf(GenericWords);
    }

    public bool IsGeneric(string stem) => generics.Contains(stem);

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Links();

    public ParsedQuestion Parse(string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return ParsedQuestion.Empty;
        }

        var tokens = words.Tokens(Links().Replace(Cut(question), " "));
        var units = new List<QueryUnit>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.Count && units.Count < MaxUnits;)
        {
            var phrase = synonyms.Match(tokens, i);
            if (phrase is not null)
            {
                i += phrase.Stems.Length;
                if (keys.Add("g" + phrase.Group.Id))
                {
                    units.Add(FromGroup(phrase));
                }

                continue;
            }

            var token = tokens[i++];
            if (fillers.Contains(token.Stem) || !IsWorthAsking(token.Word) || !keys.Add(token.Stem))
            {
                continue;
            }

            var alternatives = new[] { new QueryAlternative([token.Stem], [0], 1, Typed: true) };
            units.Add(new QueryUnit(token.Stem, alternatives, [], token.Word, generics.Contains(token.Stem)));
        }

        return units.Count == 0 ? ParsedQuestion.Empty : new ParsedQuestion(units);
    }

    private QueryUnit FromGroup(SynonymPhrase typed)
    {
        var group = typed.Group;
        var alternatives = group.Phrases
            .Select(p => p == typed
                ? new QueryAlternative(p.Stems, p.Positions, 1, Typed: true)
                : new QueryAlternative(p.Stems, p.Positions, group.Weight, Typed: false))
            .ToArray();

        // The words of a typed phrase still say something alone ("rotation" in "station rotation"),
        // unless they are generic or already a member of the group ("station").
        var partials = typed.Stems.Length < 2
            ? []
            : typed.Stems
                .Where(s => !generics.Contains(s) && !fillers.Contains(s) && group.Phrases.All(p => p.Key != s))
                .Distinct(StringComparer.Ordinal)
                .ToArray();
        return new QueryUnit("g" + group.Id, alternatives, partials, word: null, group.Generic);
    }

    // Numbers ("32 kids", "10 devices") and single letters match anything and mean little.
    private static bool IsWorthAsking(string word) =>
        word.Length > 1 && word.Any(char.IsLetter);

    private HashSet<string> StemsOf(IEnumerable<string> list) =>
        list.SelectMany(w => words.Tokens(w)).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);

    // A sane length: teachers paste whole e-mails. Cut at a space, never inside a surrogate pair.
    private static string Cut(string question)
    {
        if (question.Length <= MaxQuestionLength)
        {
            return question;
        }

        var end = question.LastIndexOf(' ', MaxQuestionLength - 1, MaxQuestionLength / 5);
        if (end < 0)
        {
            end = char.IsHighSurrogate(question[MaxQuestionLength - 1]) ? MaxQuestionLength - 1 : MaxQuestionLength;
        }

        return question[..end];
    }
}
