using YamlDotNet.Serialization;

namespace CohortBot.Cohorts.Roster;

// What a coordinator writes: a district in YAML, or members in CSV (which fills Members only).
// Values stay strings here so that every mistake is reported against its line, not thrown by a parser.

internal sealed class RosterFile
{
    public string? District { get; set; }
    public string? TimeZone { get; set; }
    public string? TeamsTenantId { get; set; }
    public string? SlackTeamId { get; set; }

    /// The district's school calendar: an iCalendar file whose events are breaks and closures.
    public string? Calendar { get; set; }

    public List<SiteEntry> Sites { get; set; } = [];
    public List<QuestionSetEntry> QuestionSets { get; set; } = [];
    public List<CohortEntry> Cohorts { get; set; } = [];
    public List<MemberEntry> Members { get; set; } = [];

    /// Where each top-level key stands in the file, for problems with the district itself.
    [YamlIgnore]
    public Dictionary<string, int> KeyLines { get; } = [];

    public int LineOf(string key) => KeyLines.GetValueOrDefault(key, 1);

    /// The folder the file was read from: a calendar it names is looked for there.
    [YamlIgnore]
    public string? Folder { get; set; }
}

/// Anything a problem can be reported against.
internal abstract class RosterEntry
{
    [YamlIgnore]
    public int Line { get; set; }
}

internal sealed class SiteEntry : RosterEntry
{
    public string? Name { get; set; }
}

internal sealed class QuestionSetEntry : RosterEntry
{
    public string? Name { get; set; }
    public List<QuestionEntry> Questions { get; set; } = [];
}

internal sealed class QuestionEntry : RosterEntry
{
    public string? Key { get; set; }
    public string? Kind { get; set; }
    public string? Prompt { get; set; }
    public List<string> Choices { get; set; } = [];
    public bool Required { get; set; }
}

internal sealed class CohortEntry : RosterEntry
{
    public string? Name { get; set; }
    public string? QuestionSet { get; set; }
    public ScheduleEntry? Schedule { get; set; }

    /// A Slack channel id: where the cohort's summaries go.
    public string? SlackChannel { get; set; }

    /// The Teams team or Slack channel whose members are the cohort's (kept in step every night).
    public FollowsEntry? Follows { get; set; }

    /// Tags every resource of the cohort's library carries (with or without #).
    public List<string> Tags { get; set; } = [];

    /// Whether the cohort's coaches may nudge its teachers (coordinators always may).
    public bool CoachesMayNudge { get; set; }

    /// Whether the cohort's coaches may change its settings on the web pages (coordinators always may).
    public bool CoachesMayEdit { get; set; }

    /// The cohort's professional-development series, if it has one.
    public SeriesEntry? Series { get; set; }

    public List<string> NormalizedTags() =>
        [.. Tags.Select(t => t.Trim().TrimStart('#').ToLowerInvariant()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];
}

internal sealed class ScheduleEntry : RosterEntry
{
    public int EveryWeeks { get; set; } = 2;
    public string? Weekday { get; set; }
    public string? LocalTime { get; set; }
    public string? TimeZone { get; set; }
    public string? AnchorDate { get; set; }

    /// The last date a round may open on (the cohort's year ends); none by default.
    public string? EndDate { get; set; }
    public List<string> SkipDates { get; set; } = [];
    public int RoundLengthDays { get; set; } = 5;

    /// Before the close, e.g. [24h] (the default) or [2d, 2h].
    public List<string>? Reminders { get; set; }

    /// "20:00-07:00" by default; "" for none.
    public string? QuietHours { get; set; }
}

internal sealed class MemberEntry : RosterEntry
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Role { get; set; }
    public string? Site { get; set; }
    public List<string> Cohorts { get; set; } = [];
    public string? TimeZone { get; set; }
    public string? PreferredPlatform { get; set; }
    public TeamsEntry? Teams { get; set; }
    public SlackEntry? Slack { get; set; }

    /// Classroom visits this member hosts, pre-loaded (teachers offer more with <c>offer visit</c>).
    public List<VisitEntry> Visits { get; set; } = [];
}

internal sealed class SeriesEntry : RosterEntry
{
    public string? Title { get; set; }

    /// Before each session, e.g. [24h, 1h] (the default).
    public List<string>? Reminders { get; set; }

    public List<SessionEntry> Sessions { get; set; } = [];
}

internal sealed class SessionEntry : RosterEntry
{
    public string? Title { get; set; }
    public string? Date { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }

    /// A room, or an online meeting's link.
    public string? Where { get; set; }

    /// The facilitator's e-mail: a member of the district.
    public string? Facilitator { get; set; }
}

internal sealed class VisitEntry : RosterEntry
{
    public string? Model { get; set; }
    public string? Grade { get; set; }
    public string? Date { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public string? Room { get; set; }
    public int Seats { get; set; } = 2;
    public string? Note { get; set; }
}

internal sealed class FollowsEntry
{
    /// The team's thread id (<c>19:…@thread.tacv2</c>), as <c>pagedmembers</c> takes it.
    public string? TeamsTeam { get; set; }

    /// A Slack channel id (not the cohort's <c>slackChannel</c>, where its summaries go).
    public string? SlackChannel { get; set; }
}

internal sealed class TeamsEntry
{
    public string? AadObjectId { get; set; }
    public string? TenantId { get; set; }
}

internal sealed class SlackEntry
{
    public string? TeamId { get; set; }
    public string? UserId { get; set; }
}

/// One thing wrong with an import, at the line of the file where it is.
internal sealed record RosterProblem(int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}: {Message}" : Message;
}
