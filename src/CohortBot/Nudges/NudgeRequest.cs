using System.Globalization;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using NodaTime;

namespace CohortBot.Nudges;

/// What follows the cohort's name in <c>nudge COHORT [at DATE TIME] [pending|all|site:NAME] [--force] [message]</c>:
/// the options in any order first, then the message (the default one when none is given).
/// <c>--force</c> may stand anywhere.
internal sealed record NudgeRequest(NudgeAudience Audience, string? Site, DateTimeOffset? SendAt, bool Force, string? Message)
{
    public const int MaxMessageLength = 1000;

    /// How far ahead a nudge may be scheduled.
    public static readonly TimeSpan FurthestAhead = TimeSpan.FromDays(60);

    /// Reads the options; <paramref name="sites"/> are the district's sites, which <c>site:NAME</c>
    /// names by the start of their name in whole words (<c>site:Lincoln</c>). Times are in <paramref name="timeZone"/>.
    public static bool TryParse(string options, IReadOnlyList<string> sites, string timeZone, DateTimeOffset now, out NudgeRequest request, out string? problem)
    {
        var words = options.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        var force = words.RemoveAll(w => w.Equals("--force", StringComparison.OrdinalIgnoreCase)) > 0;
        var audience = NudgeAudience.Pending;
        string? site = null;
        DateTimeOffset? sendAt = null;
        request = new NudgeRequest(audience, null, null, force, null);
        problem = null;

        var i = 0;
        while (i < words.Count)
        {
            var word = words[i];
            if (word.Equals("pending", StringComparison.OrdinalIgnoreCase) || word.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                audience = word.Equals("all", StringComparison.OrdinalIgnoreCase) ? NudgeAudience.All : NudgeAudience.Pending;
                i++;
            }
            else if (word.StartsWith("site:", StringComparison.OrdinalIgnoreCase))
            {
                // site:Lincoln Elementary, or site: Lincoln: the site's name runs on into the next words.
                var glued = word.Length > 5;
                var typed = (glued ? words.Skip(i + 1).Prepend(word[5..]) : words.Skip(i + 1)).ToList();
                var (name, used, ambiguous) = CohortNames.Longest(typed, sites);
                if (name is null)
                {
                    problem = typed.Count == 0 ? "Name the site after site:, for example site:Lincoln."
                        : ambiguous.Count > 0 ? $"\"{typed[0]}\" could be {string.Join(" or ", ambiguous)}: add a word."
                        : $"No site of your district is called \"{typed[0]}\"; the sites are {string.Join(", ", sites)}.";
                    return false;
                }
                audience = NudgeAudience.Site;
                site = name;
                i += used + (glued ? 0 : 1);
            }
            else if (word.Equals("at", StringComparison.OrdinalIgnoreCase) && i + 1 < words.Count
                && DateOnly.TryParseExact(words[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                if (i + 2 >= words.Count || !TimeOnly.TryParseExact(words[i + 2], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var clock))
                {
                    problem = $"Give the time after the date, in 24-hour form: at {date:yyyy-MM-dd} 09:00.";
                    return false;
                }
                var local = new LocalDateTime(date.Year, date.Month, date.Day, clock.Hour, clock.Minute);
                sendAt = LocalTimes.ToUtc(LocalTimes.Resolve(local, LocalTimes.Zone(timeZone)));
                if (sendAt <= now)
                {
                    problem = $"{date:yyyy-MM-dd} {clock:HH:mm} has passed (your time zone is {timeZone}): give a time to come, or leave out \"at\" to send now.";
                    return false;
                }
                if (sendAt > now + FurthestAhead)
                {
                    problem = $"A nudge can be scheduled at most {FurthestAhead.Days} days ahead.";
                    return false;
                }
                i += 3;
            }
            else
            {
                break;
            }
        }

        var message = string.Join(' ', words.Skip(i));
        if (message.Length > MaxMessageLength)
        {
            problem = $"The message is {message.Length} characters long: keep it to {MaxMessageLength}, nothing was sent.";
            return false;
        }
        request = new NudgeRequest(audience, site, sendAt, force, message.Length == 0 ? null : message);
        return true;
    }
}
