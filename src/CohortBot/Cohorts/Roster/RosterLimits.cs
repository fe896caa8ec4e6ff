using System.Text;
using static System.FormattableString;

namespace CohortBot.Cohorts.Roster;

/// How much one roster file may hold. An import reads the whole file and checks all of it before it
/// changes anything, so these bound what a single file can cost the process that imports it (the
/// command line, or the service itself at every start-up through CohortBot:Seed), and keep question
/// sets within what a check-in can show on Teams and Slack.
internal static class RosterLimits
{
    // A member written out like those of samples/demo-district.yaml takes about 220 bytes, a CSV
    // row with every column about 150: 1 MiB holds some 4,700 members in a district file and 6,800
    // in a CSV, more than a district puts in cohorts. A larger roster comes in several CSV files (an
    // import adds and updates members, it removes none). The file is held and deserialized whole
    // before it is checked, into objects many times its size; at 1 MiB even a file of nothing but
    // empty entries costs some 50 MB for a few seconds (eight times that at 8 MiB).
    public const int MaxFileBytes = 1024 * 1024;

    // More teachers and coaches than any district runs cohorts for. A file of short rows (name,
    // e-mail, role) gets this far under MaxFileBytes, and every member of a file is checked against
    // the store in one pass: this bounds those queries however short the rows are.
    public const int MaxMembers = 20_000;

    // Sites, cohorts and question sets are written by hand, and a coordinator picks from them by
    // name; a district has tens of them, not hundreds.
    public const int MaxSites = 500;
    public const int MaxCohorts = 500;
    public const int MaxQuestionSets = 500;

    // A check-in goes out as one message, and one input block per question: a Slack message holds
    // 50 blocks, with the header and the submit button still to fit. A teacher answers it between
    // lessons; thirty questions is already a survey.
    public const int MaxQuestionsPerSet = 30;

    // Slack shows at most 10 choices as radio buttons or checkboxes and turns more into a select
    // (which holds 100); Teams sends the whole card, choices included, in one message that it
    // refuses past about 28 KB. Twenty-five is more than anyone reads through on a phone.
    public const int MaxChoicesPerQuestion = 25;

    // A prompt is a question read in a chat, not instructions; the store keeps up to 1,000
    // characters of it and Slack's input label 2,000.
    public const int MaxPromptLength = 500;

    // A chosen choice comes back as its own value: a Slack option value holds 150 characters, and a
    // multi-select's carries the choice's position ("24:") in front of it, which the card converter
    // refuses to cut. 140 leaves that room.
    public const int MaxChoiceLength = 140;

    public static RosterProblem TooLarge { get; } = new(0, Invariant(
        $"the file is larger than {MaxFileBytes / (1024 * 1024)} MiB, the most one roster file may hold: split its members over several files"));

    /// Refuses a file by its length on disk, before any of it is read.
    public static RosterProblem? CheckSize(FileInfo file) => file.Length > MaxFileBytes ? TooLarge : null;

    /// The whole text, or null once it holds more than MaxFileBytes (counted as UTF-8, as roster
    /// files are written). A reader cannot trust a length it was told: a stream has none, and a file
    /// can grow between being measured and being read.
    public static string? ReadAll(TextReader text)
    {
        var buffer = new char[64 * 1024];
        var all = new StringBuilder();
        long bytes = 0;
        int read;
        while ((read = text.Read(buffer)) > 0)
        {
            bytes += Encoding.UTF8.GetByteCount(buffer.AsSpan(0, read));
            if (bytes > MaxFileBytes)
                return null;
            all.Append(buffer, 0, read);
        }

        return all.ToString();
    }

    /// One problem for each list that is too long, or entry that is too large, at its line. Within a
    /// list that is already too long nothing more is looked at, so the problems stay few.
    public static List<RosterProblem> Check(RosterFile file)
    {
        var problems = new List<RosterProblem>();
        TooMany(file.Members, MaxMembers, "member", problems);
        TooMany(file.Sites, MaxSites, "site", problems);
        TooMany(file.Cohorts, MaxCohorts, "cohort", problems);
        if (TooMany(file.QuestionSets, MaxQuestionSets, "question set", problems))
            return problems;

        foreach (var set in file.QuestionSets)
        {
            if (set.Questions.Count > MaxQuestionsPerSet)
            {
                problems.Add(new RosterProblem(set.Line, Invariant(
                    $"question set '{set.Name}' has {set.Questions.Count} questions; a check-in asks at most {MaxQuestionsPerSet}")));
                continue;
            }

            foreach (var question in set.Questions)
                CheckQuestion(question, problems);
        }

        return problems;
    }

    /// The problem for the entry that goes one past the limit, at its line, when reading has to stop there.
    public static RosterProblem OnePastLimit(int line, int limit, string entry) =>
        new(line, Invariant($"one file may list at most {limit:N0} {entry}s, and this is {entry} {limit + 1:N0}"));

    private static bool TooMany<T>(List<T> entries, int limit, string entry, List<RosterProblem> problems)
        where T : RosterEntry
    {
        if (entries.Count <= limit)
            return false;
        problems.Add(OnePastLimit(entries[limit].Line, limit, entry));
        return true;
    }

    public static void CheckQuestion(QuestionEntry question, List<RosterProblem> problems)
    {
        if (question.Prompt?.Trim() is { Length: > MaxPromptLength } prompt)
        {
            problems.Add(new RosterProblem(question.Line, Invariant(
                $"the prompt of question '{question.Key}' is {prompt.Length} characters long; a prompt may be at most {MaxPromptLength}")));
        }

        if (question.Choices.Count > MaxChoicesPerQuestion)
        {
            problems.Add(new RosterProblem(question.Line, Invariant(
                $"question '{question.Key}' has {question.Choices.Count} choices; a question offers at most {MaxChoicesPerQuestion}")));
            return;
        }

        foreach (var choice in question.Choices.Where(c => c is { Length: > MaxChoiceLength }))
        {
            problems.Add(new RosterProblem(question.Line, Invariant(
                $"choice '{choice[..40]}…' of question '{question.Key}' is {choice.Length} characters long; a choice may be at most {MaxChoiceLength}")));
        }
    }
}
