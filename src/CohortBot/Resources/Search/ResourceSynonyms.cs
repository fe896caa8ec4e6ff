namespace CohortBot.Resources.Search;

/// A way of saying something that a group of synonyms shares: its stems as the analyzer makes them,
/// with their positions (a stop word inside, as in "one on one", leaves a gap the index has too).
internal sealed record SynonymPhrase(string Key, string[] Stems, int[] Positions, SynonymGroup Group);

/// Words that mean the same thing to a teacher. Weight is what a match on another member of the
/// group is worth against the words the teacher typed (1): abbreviations and spellings are near 1,
/// looser families (devices, the LMS brands, playlist/choice board) lower. Generic groups (kids,
/// students) help ranking but are no evidence that a resource answers the question.
internal sealed class SynonymGroup(int id, string label, double weight, bool generic)
{
    private readonly List<SynonymPhrase> phrases = [];

    public int Id { get; } = id;
    public string Label { get; } = label;
    public double Weight { get; } = weight;
    public bool Generic { get; } = generic;
    public IReadOnlyList<SynonymPhrase> Phrases => phrases;

    internal void Add(SynonymPhrase phrase) => phrases.Add(phrase);
}

/// The field's vocabulary, applied at query time: a question's words are matched (longest phrase
/// first) against these groups, and the query then asks for every member of the group. At query
/// time rather than index time so that a change here needs no rebuild and multi-word synonyms are
/// plain phrase queries (the 4.8 SynonymFilter mishandles multi-word positions). Built once.
internal sealed class ResourceSynonyms
{
    private const double Same = 0.9;
    private const double Close = 0.8;
    private const double Family = 0.7;

    // The seven models first, then the field's words. A phrase may belong to one group only.
    private static readonly (double Weight, bool Generic, string[] Phrases)[] Definitions =
    [
        (Same, false, ["station rotation", "station rotations", "SR", "rotation stations", "stations", "station model", "centers", "learning centers", "literacy centers", "math centers"]),
        (Same, false, ["lab rotation", "lab rotations", "computer lab rotation"]),
        (Same, false, ["individual rotation", "individual rotations", "individualized rotation", "individual rotation model"]),
        (Same, false, ["flipped classroom", "flipped", "flip", "flipped learning", "flip the classroom", "flipped lesson", "flipped instruction", "in-class flip"]),
        (Same, false, ["flex model", "flex", "flex blended model"]),
        (Same, false, ["a la carte", "à la carte", "ala carte", "alacarte", "a la carte model"]),
        (Same, false, ["enriched virtual", "enriched virtual model", "enriched-virtual"]),
        (Close, false, ["blended learning", "blended instruction", "blended classroom", "hybrid learning"]),
        // The taxonomy itself: "blended" and "model" alone are words of every resource, together not.
        (Same, false, ["blended learning models", "blended learning model", "blended models", "models of blended learning", "seven models", "blended model"]),

        (Same, false, ["small group", "small groups", "small-group", "small group instruction", "guided group", "guided groups", "teacher table", "teacher-led station", "teacher led station", "teacher station"]),
        (Same, false, ["PBL", "project-based learning", "project based learning", "project-based", "project based"]),
        (Close, false, ["1:1", "one-to-one", "one on one", "conference", "conferences", "conferring", "confer", "student conference", "student conferences"]),
        (Family, false, ["playlist", "playlists", "choice board", "choice boards", "hyperdoc", "hyperdocs", "hyper doc", "learning menu", "choice menu"]),
        (Family, false, ["LMS", "learning management system", "Canvas", "Schoology", "Google Classroom"]),
        (Close, false, ["devices", "device", "chromebooks", "chromebook", "laptops", "laptop", "tablets", "tablet", "ipads", "ipad", "computers"]),
        (Same, true, ["kids", "students", "learners", "scholars", "children"]),
        // Exit tickets are the check for understanding teachers use most: one family.
        (Close, false, ["formative assessment", "formative assessments", "check for understanding", "checks for understanding", "checking for understanding", "CFU", "CFUs", "formative check", "quick check", "quick checks", "exit ticket", "exit tickets", "exit slip", "exit slips", "exit card", "exit cards"]),
        (Same, false, ["differentiation", "differentiated instruction", "differentiate", "tiered instruction", "tiered assignments"]),
        (Same, false, ["UDL", "universal design for learning", "universal design"]),
        (Family, false, ["data", "dashboard", "dashboards", "data dashboard", "student data"]),
        (Same, false, ["SEL", "social emotional learning", "social-emotional learning", "social emotional", "social-emotional"]),
        (Same, false, ["ELL", "ELLs", "EL", "ELs", "English learners", "English learner", "English language learners", "ESL", "ELD", "multilingual learners", "MLL", "MLLs", "emergent bilingual", "emergent bilinguals"]),
        (Close, false, ["special education", "special ed", "SPED", "students with disabilities", "IEP", "IEPs"]),
        (Close, false, ["parents", "parent", "families", "family", "guardians", "caregivers", "parent communication", "family communication", "home communication"]),
        (Close, false, ["classroom management", "behavior management", "behavior", "behaviors", "behaviour", "misbehavior"]),
        (Close, false, ["routines", "routine", "procedures", "procedure", "expectations", "norms"]),
        (Close, false, ["noise", "noisy", "loud", "quiet", "quieter", "volume", "voice level", "voice levels", "noise level"]),
        (Close, false, ["transitions", "transition", "switch", "switching"]),
        (Close, false, ["video", "videos", "screencast", "screencasts", "screen recording", "screencastify", "loom", "instructional video"]),
        (Same, false, ["math", "mathematics", "maths"]),
        (Same, false, ["ELA", "English language arts", "literacy"]),
        (Same, false, ["math facts", "fact fluency", "multiplication facts", "times tables"]),
        (Same, false, ["word problems", "story problems"]),
        (Close, false, ["phonics", "decoding", "word work"]),
        (Same, false, ["vocab", "vocabulary"]),
        (Same, false, ["audiobooks", "audiobook", "audio books", "audio book", "books on audio"]),
        (Same, false, ["PD", "professional development", "professional learning"]),
        (Same, false, ["PLC", "PLCs", "professional learning community", "professional learning communities"]),
        (Close, false, ["coach", "coaches", "instructional coach", "tech coach", "technology coach"]),
        (Same, false, ["self-paced", "self paced", "own pace", "student-paced", "student paced"]),
        (Close, false, ["mastery-based", "mastery based", "competency-based", "competency based", "standards-based grading", "mastery learning", "mastery"]),
        (Close, false, ["absent", "absences", "absence", "absent students", "absentees", "missed class", "make-up work", "makeup work"]),
        (Same, false, ["substitute", "sub plans", "sub plan", "substitute plans", "sub", "guest teacher"]),
        (Same, false, ["headphones", "earbuds", "headsets"]),
        (Same, false, ["wifi", "wi-fi", "internet access", "hotspot", "hotspots", "connectivity"]),
        (Same, false, ["kindergarten", "kinder", "kindergartners", "kindergarteners", "kinders"]),
        (Close, false, ["primary grades", "primary", "k-2", "lower elementary", "littles"]),
        (Close, false, ["login", "logins", "log in", "logging in", "sign in", "signing in", "password", "passwords", "SSO", "single sign on", "clever badges"]),
        (Close, false, ["engagement", "engaged", "off task", "off-task"]),
        (Close, false, ["group work", "collaboration", "collaborative learning", "cooperative learning", "partner work"]),
        (Same, false, ["rubric", "rubrics", "scoring guide", "grading guide"]),
        (Close, false, ["rotation chart", "rotation board", "rotation schedule", "group chart"]),
        (Same, false, ["timer", "timers", "visual timer", "countdown"]),
        (Close, false, ["sentence frames", "sentence stems", "sentence starters"]),
        (Close, false, ["graphic organizer", "graphic organizers", "thinking map", "thinking maps"]),
        (Same, false, ["digital citizenship", "internet safety", "online safety"]),
        (Same, false, ["student choice", "voice and choice"]),
        (Close, false, ["warm up", "warm-up", "bell ringer", "bellringer", "entry ticket", "entrance ticket"]),
        (Same, false, ["online station", "digital station", "tech station", "computer station"]),
        (Close, false, ["independent work", "independent practice", "independent station"]),
        (Close, false, ["accommodations", "accommodation", "modifications"]),
        (Close, false, ["gifted", "GT", "advanced learners", "advanced students", "high achievers"]),
        (Same, false, ["early finishers", "early finisher", "fast finishers", "finish early", "finished early"]),
        (Close, false, ["intervention", "interventions", "RTI", "MTSS", "tier 2", "tier two"]),
        (Close, false, ["struggling students", "struggling learners", "struggling readers", "below grade level"]),
        (Family, false, ["nearpod", "pear deck", "peardeck", "interactive slides"]),
        (Family, false, ["kahoot", "quizizz", "blooket", "gimkit", "review game", "review games"]),
        (Family, false, ["padlet", "discussion board", "online discussion", "discussion forum"]),
        (Family, false, ["adaptive software", "adaptive program", "adaptive practice", "adaptive platform", "adaptive app", "ixl", "lexia", "iready", "dreambox", "zearn"]),
        (Close, false, ["newsletter", "class newsletter", "weekly update"]),
        (Close, false, ["student agency", "student ownership", "ownership of learning"]),
        (Close, false, ["lesson plan", "lesson plans", "lesson planning", "planning template", "lesson template"]),
        (Close, false, ["observation", "walkthrough", "walk-through", "classroom visit", "classroom visits", "lab classroom", "peer observation"]),
    ];

    private readonly Dictionary<string, List<SynonymPhrase>> byFirstStem = new(StringComparer.Ordinal);
    private readonly List<SynonymGroup> groups = [];

    public ResourceSynonyms(ResourceAnalyzer words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var seen = new Dictionary<string, SynonymGroup>(StringComparer.Ordinal);
        foreach (var (weight, generic, phrases) in Definitions)
        {
            var group = new SynonymGroup(groups.Count, phrases[0], weight, generic);
            foreach (var text in phrases)
            {
                var tokens = words.Tokens(text);
                if (tokens.Count == 0)
                {
                    continue;
                }

                var stems = tokens.Select(t => t.Stem).ToArray();
                var key = string.Join(' ', stems);
                if (seen.TryGetValue(key, out var owner))
                {
                    // Two spellings that stem alike ("flipped", "flip") are one phrase; across groups
                    // it would be ambiguous which group a question meant, so that is a mistake here.
                    if (owner != group)
                    {
                        throw new InvalidOperationException($"The synonym \"{text}\" is in the groups \"{owner.Label}\" and \"{group.Label}\".");
                    }

                    continue;
                }

                var first = tokens[0].Position;
                var phrase = new SynonymPhrase(key, stems, tokens.Select(t => t.Position - first).ToArray(), group);
                seen.Add(key, group);
                group.Add(phrase);
                if (!byFirstStem.TryGetValue(stems[0], out var list))
                {
                    byFirstStem.Add(stems[0], list = []);
                }

                list.Add(phrase);
            }

            groups.Add(group);
        }

        // Longest first, so that "small group instruction" wins over "small group".
        foreach (var list in byFirstStem.Values)
        {
            list.Sort((a, b) => b.Stems.Length.CompareTo(a.Stems.Length));
        }
    }

    public IReadOnlyList<SynonymGroup> Groups => groups;

    /// The longest phrase that starts at tokens[start], if any.
    public SynonymPhrase? Match(IReadOnlyList<AnalyzedToken> tokens, int start)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!byFirstStem.TryGetValue(tokens[start].Stem, out var candidates))
        {
            return null;
        }

        foreach (var phrase in candidates)
        {
            if (start + phrase.Stems.Length > tokens.Count)
            {
                continue;
            }

            var all = true;
            for (var i = 1; i < phrase.Stems.Length && all; i++)
            {
                all = string.Equals(tokens[start + i].Stem, phrase.Stems[i], StringComparison.Ordinal);
            }

            if (all)
            {
                return phrase;
            }
        }

        return null;
    }
}
