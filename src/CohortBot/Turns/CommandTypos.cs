using CohortBot.Text;

namespace CohortBot.Turns;

/// "Did you mean `status`?" for a line that starts with a mistyped command, without stealing a
/// teacher's question from the library: only the first word is looked at, only when it is no
/// ordinary English word (those a question starts with, and those near a command: "class" is not
/// "close", "teach" not "coach"), within one edit for a word of up to four letters and two beyond
/// (a swap of two letters is one edit), and only when exactly one command is nearest. A line that
/// ends with a question mark is a question, whatever its first word.
internal static class CommandTypos
{
    /// Question starters, greetings, and the common words within reach of today's commands; a new
    /// command may bring neighbours of its own to add here.
    private static readonly HashSet<string> OrdinaryWords = new(
        """
        how what why when where who whom whose which can could should would will shall may might must
        is are am was were do does did has have had any anyone anybody anything someone something
        i im my me we our us you your they their them he she his her it its there here this that
        these those the a an and or but if so then also not no yes ok okay please thanks thank hi
        hello hey need want looking ideas idea tips best good great new more some all every each other
        adult adults admit audio await
        cheat cheek cheer chess chest chick chuck clerk checks checked checking chicken thick wreck
        recheck chalk chunk shock
        alone arose cause cease choose chose chosen class clause clone cloud cloth clothes closed
        closely closer closest closet closure clues cross globe gloss glove loose lose prose slope
        enclose
        beach catch couch cough coast coaches coached coaching reach teach touch torch pouch porch crash
        held helps helped helper helpful heap shelf shell sheep
        line lines lined links linked blink blank blind drink ink pink sink think wink lying
        badge budge bulge dodge hedge judge ledge lodge ridge wedge purge surge nurse lunge fudge
        smudge undue edges nodes badges budgets judges nuggets nurses urges
        often oven omen opens opened opener openly opera pen ocean women token dozen ripen reopen
        spend spent upend hoped hopes
        around round rounded bound bounds found funds ground grounds pound pounds sound sounds wound
        counts roads routes nouns bonds refunds roundup
        aware scare scared scary score shade shake shall shame shape shaped shapes shared shares
        sharing sharp shave shear sheer shine shirt shore short stage stake stare start store square
        space scale slate smart charge charm chart phase spare spark snake
        ship ships ski skid skill skills skim skin skirt skit slip slips snip strip swipe sip
        states stats statue stature statute static stated stairs stands stamps stakes stages starts
        startup stays seats estates
        unzip unclip unsaid sources
        hear hearing heard hero herb herd hire hired hare were mere
        serious stories seniors sessions
        number numbers remember members ember
        hours posts costs ghosts lists tests hose most
        visiting limits
        after order other others offers offered differ
        polish
        """.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    /// The line as it was probably meant ("status blended" for "stauts blended"), or null when it
    /// is not a mistyped command. <paramref name="commands"/> are the registered phrases, lower-case.
    public static string? Correct(IReadOnlyList<string> words, IEnumerable<string> commands)
    {
        if (words.Count == 0 || words[^1].EndsWith('?'))
            return null;
        var typed = words[0].ToLowerInvariant();
        var phrases = commands.Select(c => c.Split(' ')).ToList();
        if (!typed.All(c => char.IsLetter(c) || c == '-') || OrdinaryWords.Contains(typed) || phrases.Any(p => p[0] == typed))
            return null;

        var allowed = typed.Length <= 4 ? 1 : 2;
        var rest = words.Skip(1).ToList();
        // A phrase of several words is meant only when the words after its first were typed as they are.
        var nearest = phrases
            .Where(p => p.Length - 1 <= rest.Count && p.Skip(1).SequenceEqual(rest.Take(p.Length - 1), StringComparer.OrdinalIgnoreCase))
            .Select(p => (First: p[0], Distance: EditDistance.Within(typed, p[0], allowed)))
            .Where(p => p.Distance <= allowed)
            .GroupBy(p => p.Distance)
            .OrderBy(g => g.Key)
            .FirstOrDefault()?
            .Select(p => p.First)
            .Distinct()
            .ToList();
        return nearest is [var command] ? string.Join(' ', [command, .. rest]) : null;
    }
}
