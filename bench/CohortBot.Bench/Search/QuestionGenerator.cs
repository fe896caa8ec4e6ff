using System.Text;

namespace CohortBot.Bench.Search;

/// A teacher's question as typed; Typos: how many words were mistyped on purpose.
internal sealed record Question(string Text, int Typos, bool OffTopic);

/// Teachers' questions in their own words, the same for the same seed: short ones ("exit tickets"),
/// how-tos, problems described at length, a few about nothing in the library, and about one in six
/// with one or two mistyped words. None starts with a command's name, or it would be a command.
internal static class QuestionGenerator
{
    public static List<Question> Generate(int count, int seed)
    {
        var random = new Random(seed);
        var questions = new List<Question>(count);
        while (questions.Count < count)
        {
            var offTopic = random.Next(20) == 0;
            var text = offTopic ? Pick(random, LibraryText.OffTopic) : Compose(random);
            var typos = 0;
            if (!offTopic && random.Next(6) == 0)
            {
                typos = random.Next(4) == 0 ? 2 : 1;
                for (var t = 0; t < typos; t++)
                    text = Mistype(random, text);
            }
            if (random.Next(3) == 0)
                text = text.ToLowerInvariant();
            var first = text.Split(' ', 2)[0].TrimEnd(',', '?', '!').ToLowerInvariant();
            if (LibraryText.CommandWords.Contains(first))
                text = "hi, " + text;
            questions.Add(new Question(text, typos, offTopic));
        }
        return questions;
    }

    private static string Compose(Random random)
    {
        var topic = LibraryText.Topics[random.Next(LibraryText.Topics.Length)].Name;
        var other = LibraryText.Topics[random.Next(LibraryText.Topics.Length)].Name;
        var audience = Pick(random, LibraryText.Audiences);
        var subject = LibraryText.Subjects[random.Next(LibraryText.Subjects.Length)].Name;
        var question = random.Next(16) switch
        {
            0 => topic,
            1 => $"{topic} {subject}",
            2 => $"How do I run {topic} with {random.Next(22, 36)} kids and {random.Next(4, 16)} chromebooks?",
            3 => $"{Capital(topic)} ideas for {audience}?",
            4 => $"Any tips for {topic}? {Capital(Pick(random, LibraryText.Problems))}.",
            5 => $"My {Pick(random, ["class", "3rd period", "group", "kids", "students"])}: {Pick(random, LibraryText.Problems)}. What can I do?",
            6 => $"Looking for a {Pick(random, LibraryText.Formats)} for {topic} in {subject}",
            7 => $"What's a good way to {Pick(random, LibraryText.Goals)}?",
            8 => $"Does anyone have {topic} {Pick(random, LibraryText.Formats)}s for {audience}?",
            9 => $"I'm trying {topic} for the first time in my {audience} {subject} class and {Pick(random, LibraryText.Problems)}. How do other people handle {Pick(random, LibraryText.Aspects)}?",
            10 => $"{Capital(topic)} and {other}",
            11 => $"how to {Pick(random, LibraryText.Goals)} with {Pick(random, LibraryText.Tools)}",
            12 => $"{Capital(Pick(random, LibraryText.Problems))}, help??",
            13 => $"Can someone share what they use for {Pick(random, LibraryText.Aspects)} during {topic}?",
            14 => $"{Pick(random, LibraryText.Tools)} for {topic}",
            _ => $"Where do I start with {topic} in {subject} for {audience}",
        };
        return question;
    }

    /// One typo in a word of five letters or more, as fingers make them: two letters swapped, one
    /// dropped, one doubled, or a neighbour on the keyboard. The first letter stays (it nearly always does).
    private static string Mistype(Random random, string text)
    {
        var words = text.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 5 && words[i].All(char.IsAsciiLetter)).ToList();
        if (candidates.Count == 0)
            return text;
        var w = candidates[random.Next(candidates.Count)];
        var word = new StringBuilder(words[w]);
        var at = random.Next(1, word.Length - 1);
        switch (random.Next(4))
        {
            case 0:
                (word[at], word[at + 1]) = (word[at + 1], word[at]);
                break;
            case 1:
                word.Remove(at, 1);
                break;
            case 2:
                word.Insert(at, word[at]);
                break;
            default:
                word[at] = Neighbour(random, word[at]);
                break;
        }
        words[w] = word.ToString();
        return string.Join(' ', words);
    }

    private static readonly string[] Keyboard = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

    private static char Neighbour(Random random, char c)
    {
        var lower = char.ToLowerInvariant(c);
        foreach (var row in Keyboard)
        {
            var i = row.IndexOf(lower, StringComparison.Ordinal);
            if (i < 0)
                continue;
            var j = i == 0 ? 1 : i == row.Length - 1 ? i - 1 : i + (random.Next(2) == 0 ? -1 : 1);
            return char.IsUpper(c) ? char.ToUpperInvariant(row[j]) : row[j];
        }
        return c;
    }

    private static string Pick(Random random, string[] list) => list[random.Next(list.Length)];

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
