using CohortBot.CheckIns;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts.Roster;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Cohorts.Settings;

/// A cohort's settings: its schedule (with the next six rounds as it is edited), its channels and
/// its people. For the district's coordinators, and its coaches where the cohort allows it; anyone
/// else gets a 404. Nothing typed is lost when a change is refused: the form comes back with it.
internal sealed class CohortSettingsModel(CohortDbContext db, CohortSettings settings, Following.CohortFollowing following, TimeProvider time) : PageModel
{
    /// What the cohort follows (its members are that team's or channel's), or null.
    public Following.CohortFollow? Follow { get; private set; }
    public string? FollowProblem { get; private set; }
    public string? FollowGroupId { get; private set; }

    /// The Teams teams the app is in (installed in one of their channels, or written to there), inside
    /// the district's tenant: offered to follow without copying an id.
    public List<KnownTeam> Teams { get; } = [];

    public sealed record KnownTeam(string GroupId, string Name);

    public Cohort Cohort { get; private set; } = null!;
    public Viewer Viewer { get; private set; } = null!;

    [BindProperty]
    public ScheduleInput Schedule { get; set; } = new();

    public Dictionary<string, List<string>> ScheduleProblems { get; } = [];
    public IReadOnlyList<UpcomingSlot> Upcoming { get; private set; } = [];

    /// Whether <see cref="Upcoming"/> shows the schedule as edited, not as saved.
    public bool Previewing { get; private set; }

    public List<CohortChannel> Channels { get; } = [];
    public List<Person> People { get; } = [];
    public string? Saved { get; private set; }
    public string? ChannelProblem { get; private set; }
    public string? SlackChannelId { get; private set; }
    public Dictionary<int, string> PeopleProblems { get; } = [];

    /// A member of the cohort as the page shows them: their settings, where they can be reached, and the fix when they cannot.
    public sealed record Person(Member Member, IReadOnlyList<Platform> Platforms, string? Unreachable, string? Fix);

    public async Task<IActionResult> OnGetAsync(int id, string? saved, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Schedule = ScheduleInput.Of(Cohort.Schedule);
        Saved = saved switch
        {
            "schedule" => "The schedule is saved; the next round is planned by it.",
            "channels" => "The channels are saved.",
            "people" => "The people's settings are saved.",
            "follow" => "The cohort follows its team or channel now: its members are being read (refresh in a minute). The coordinators are told who joined, who left and who could not be matched.",
            "unfollow" => "The cohort follows nothing now; its members stay as they are.",
            "sync" => "The members are being read again (refresh in a minute).",
            "unchanged" => "Nothing changed.",
            _ => null,
        };
        return Page();
    }

    /// Shows the next rounds of the schedule as edited, saving nothing.
    public async Task<IActionResult> OnPostPreviewAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Read();
        return Page();
    }

    public async Task<IActionResult> OnPostScheduleAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        if (Read() is not { } schedule)
            return Page();
        var changed = await settings.SaveScheduleAsync(id, schedule, Viewer.MemberId, cancellationToken);
        return Redirect($"/cohorts/{id}/settings?saved={(changed ? "schedule" : "unchanged")}#schedule");
    }

    public async Task<IActionResult> OnPostLinkSlackAsync(int id, string? channelId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Schedule = ScheduleInput.Of(Cohort.Schedule);
        ChannelProblem = string.IsNullOrWhiteSpace(channelId)
            ? "Write the channel's id (like C0123ABCD: the channel's details show it at the bottom)."
            : await settings.LinkSlackChannelAsync(id, channelId, Viewer.MemberId, cancellationToken);
        if (ChannelProblem is not null)
        {
            SlackChannelId = channelId;
            return Page();
        }
        return Redirect($"/cohorts/{id}/settings?saved=channels#channels");
    }

    public async Task<IActionResult> OnPostUnlinkAsync(int id, int link, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        await settings.UnlinkAsync(id, link, Viewer.MemberId, cancellationToken);
        return Redirect($"/cohorts/{id}/settings?saved=channels#channels");
    }

    public async Task<IActionResult> OnPostFollowAsync(int id, string? platform, string? groupId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Schedule = ScheduleInput.Of(Cohort.Schedule);
        FollowProblem = !Enum.TryParse<Platform>(platform, out var on)
            ? "Choose Teams or Slack."
            : await following.FollowAsync(id, new Following.Follow(on, (groupId ?? "").Trim()), Viewer.MemberId, cancellationToken);
        if (FollowProblem is not null)
        {
            FollowGroupId = groupId;
            return Page();
        }
        return Redirect($"/cohorts/{id}/settings?saved=follow#follow");
    }

    public async Task<IActionResult> OnPostUnfollowAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        await following.UnfollowAsync(id, Viewer.MemberId, cancellationToken);
        return Redirect($"/cohorts/{id}/settings?saved=unfollow#follow");
    }

    public async Task<IActionResult> OnPostSyncAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Follow is null)
            return NotFound();
        following.EnqueueSync(id, $"member:{Viewer.MemberId}");
        return Redirect($"/cohorts/{id}/settings?saved=sync#follow");
    }

    public async Task<IActionResult> OnPostPeopleAsync(int id, List<PersonInput> people, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Schedule = ScheduleInput.Of(Cohort.Schedule);
        var changes = new List<CohortSettings.MemberChange>();
        foreach (var input in people)
        {
            if (People.FirstOrDefault(p => p.Member.Id == input.MemberId) is not { } person)
                continue;
            var zone = ScheduleRules.Zone(input.TimeZone);
            if (zone is null)
                PeopleProblems[input.MemberId] = ScheduleRules.UnknownZone(input.TimeZone ?? "");
            if (!Enum.TryParse<Platform>(input.PreferredPlatform, out var platform))
                PeopleProblems[input.MemberId] = $"'{input.PreferredPlatform}' is not Teams or Slack";
            MemberRole? role = null;
            // Roles are the coordinators' to give: a coach who may edit the cohort changes the rest.
            if (Viewer.IsCoordinator && input.Role is { } named)
            {
                if (Enum.TryParse<MemberRole>(named, out var parsed))
                    role = parsed;
                else
                    PeopleProblems[input.MemberId] = $"'{named}' is not a role";
            }
            if (input.MemberId == Viewer.MemberId && role is { } own && own != MemberRole.Coordinator && person.Member.Role == MemberRole.Coordinator)
                PeopleProblems[input.MemberId] = "You cannot take your own coordinator role away here: another coordinator can.";
            if (!PeopleProblems.ContainsKey(input.MemberId))
                changes.Add(new CohortSettings.MemberChange(input.MemberId, role, platform, zone!));
        }
        if (PeopleProblems.Count > 0)
        {
            // Shown as typed, beside each problem; nothing is saved until every row holds.
            foreach (var input in people)
                Typed[input.MemberId] = input;
            return Page();
        }
        var changed = await settings.SaveMembersAsync(id, changes, Viewer.MemberId, cancellationToken);
        return Redirect($"/cohorts/{id}/settings?saved={(changed.Count > 0 ? "people" : "unchanged")}#people");
    }

    /// What was typed for each member when a change was refused.
    public Dictionary<int, PersonInput> Typed { get; } = [];

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(User, db, cancellationToken) is not { } viewer || !viewer.EditsCohort(id))
            return false;
        var cohort = await db.Cohorts.AsNoTracking().Include(c => c.Members).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (cohort is null)
            return false;
        Viewer = viewer;
        Cohort = cohort;
        Upcoming = UpcomingRounds.Next(cohort.Schedule, await ClosuresAsync(cancellationToken), Today(cohort.Schedule));
        Follow = await db.Follows.AsNoTracking().FirstOrDefaultAsync(f => f.CohortId == id, cancellationToken);
        if (await db.Districts.Where(d => d.Id == cohort.DistrictId).Select(d => d.TeamsTenantId).FirstOrDefaultAsync(cancellationToken) is { Length: > 0 } districtTenant)
        {
            var tenant = districtTenant.ToLowerInvariant();
            var channels = await db.Conversations.AsNoTracking()
                .Where(c => c.Platform == Platform.Teams && c.Kind == Turns.ConversationKind.Channel && c.RemovedAt == null && c.TenantId == tenant)
                .OrderByDescending(c => c.Id).Select(c => new { c.TeamId, c.ExternalId, c.Name }).ToListAsync(cancellationToken);
            Teams.AddRange(channels.GroupBy(c => c.TeamId ?? c.ExternalId)
                .Select(team => new KnownTeam(team.Key, team.Select(c => c.Name).FirstOrDefault(n => n is not null) ?? team.Key))
                .OrderBy(t => t.Name, StringComparer.CurrentCulture));
        }
        Channels.AddRange(await db.CohortChannels.AsNoTracking().Where(c => c.CohortId == id).OrderBy(c => c.LinkedAt).ToListAsync(cancellationToken));

        var ids = cohort.Members.Select(m => m.Id).ToList();
        var identities = await db.Identities.AsNoTracking().Where(i => ids.Contains(i.MemberId)).ToListAsync(cancellationToken);
        var lastRound = await db.Rounds.AsNoTracking().Where(r => r.CohortId == id && r.Status != RoundStatus.Scheduled).OrderByDescending(r => r.Date).Select(r => (int?)r.Id).FirstOrDefaultAsync(cancellationToken);
        var failed = lastRound is not { } round ? [] : await db.Deliveries.AsNoTracking().NotDelivered(round)
            .Select(d => new { d.MemberId, d.Status, d.LastError }).ToListAsync(cancellationToken);
        foreach (var member in cohort.Members.OrderBy(m => m.Role).ThenBy(m => m.DisplayName, StringComparer.CurrentCulture))
        {
            var own = identities.Where(i => i.MemberId == member.Id).ToList();
            var reachable = own.Where(i => i.UnreachableReason is null).Select(i => i.Platform).Distinct().Order().ToList();
            var (why, fix) = (own, reachable) switch
            {
                ({ Count: 0 }, _) => ("not linked to Teams or Slack yet",
                    "ask them to open the bot (say hello to CohortBot in Teams or Slack), and check that the roster has the e-mail of their account"),
                (_, { Count: 0 }) when own.Any(i => i.Platform == Platform.Teams) => ($"Teams refused: {own.First(i => i.UnreachableReason is not null).UnreachableReason}",
                    "install the app for them (an app setup policy in the Teams admin center, or Teams:InstallForMembers), or ask them to open the bot"),
                (_, { Count: 0 }) => ($"Slack refused: {own.First(i => i.UnreachableReason is not null).UnreachableReason}",
                    "ask them to open the bot in Slack (Apps › CohortBot); if they left the workspace, take them off the roster"),
                _ when failed.FirstOrDefault(f => f.MemberId == member.Id) is { } delivery => ($"the last check-in was not delivered ({delivery.Status.ToString().ToLowerInvariant()})",
                    delivery.Status == DeliveryStatus.Unreachable ? "install the app for them, or ask them to open the bot" : "it is tried again with the next round; if it fails again, ask them to open the bot"),
                _ => ((string?)null, (string?)null),
            };
            People.Add(new Person(member, reachable, why, fix));
        }
        return true;
    }

    /// The schedule as typed: checked by the roster's rules, problems kept beside their fields, and
    /// the next rounds shown as it would make them. Null when a rule is broken.
    private CohortSchedule? Read()
    {
        Previewing = true;
        var schedule = ScheduleRules.Read(Schedule.ToEntry(), Cohort.Schedule.TimeZone, (key, problem) =>
        {
            if (!ScheduleProblems.TryGetValue(key, out var list))
                ScheduleProblems[key] = list = [];
            list.Add(problem);
        });
        if (schedule is not null)
            Upcoming = UpcomingRounds.Next(schedule, Closures, Today(schedule));
        return schedule;
    }

    private List<SchoolClosure> Closures { get; set; } = [];

    private async Task<List<SchoolClosure>> ClosuresAsync(CancellationToken cancellationToken) =>
        Closures = await db.SchoolClosures.AsNoTracking().Where(c => c.DistrictId == Cohort.DistrictId).ToListAsync(cancellationToken);

    private DateOnly Today(CohortSchedule schedule) => LocalTimes.DateIn(time.GetUtcNow(), LocalTimes.Zone(schedule.TimeZone));
}

/// The schedule form: every field as typed, so a refused one comes back as it was.
internal sealed class ScheduleInput
{
    public int EveryWeeks { get; set; } = 2;
    public string? Weekday { get; set; }
    public string? LocalTime { get; set; }
    public string? TimeZone { get; set; }
    public string? AnchorDate { get; set; }
    public string? EndDate { get; set; }
    public int RoundLengthDays { get; set; } = 5;

    /// "1d, 2h": before the close; empty for none.
    public string? Reminders { get; set; }

    /// "20:00-07:00"; empty for none.
    public string? QuietHours { get; set; }

    /// One date a line (or separated by commas).
    public string? SkipDates { get; set; }

    public static ScheduleInput Of(CohortSchedule schedule) => new()
    {
        EveryWeeks = schedule.IntervalWeeks,
        Weekday = schedule.Weekday.ToString(),
        LocalTime = schedule.LocalTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        TimeZone = schedule.TimeZone,
        AnchorDate = CheckInCards.Iso(schedule.AnchorDate),
        EndDate = schedule.EndDate is { } end ? CheckInCards.Iso(end) : "",
        RoundLengthDays = schedule.RoundLengthDays,
        Reminders = string.Join(", ", schedule.ReminderMinutes.Select(m => ReminderPlan.Format(TimeSpan.FromMinutes(m)))),
        QuietHours = schedule.QuietHours,
        SkipDates = string.Join(Environment.NewLine, schedule.SkipDates.Select(CheckInCards.Iso)),
    };

    public ScheduleEntry ToEntry() => new()
    {
        EveryWeeks = EveryWeeks,
        Weekday = Weekday,
        LocalTime = LocalTime,
        TimeZone = string.IsNullOrWhiteSpace(TimeZone) ? null : TimeZone,
        AnchorDate = AnchorDate,
        EndDate = EndDate,
        RoundLengthDays = RoundLengthDays,
        Reminders = [.. Split(Reminders)],
        QuietHours = QuietHours ?? "",
        SkipDates = [.. Split(SkipDates)],
    };

    private static string[] Split(string? text) =>
        (text ?? "").Split([',', ';', '\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// One member's row of the people form.
internal sealed class PersonInput
{
    public int MemberId { get; set; }
    public string? Role { get; set; }
    public string? PreferredPlatform { get; set; }
    public string? TimeZone { get; set; }
}
