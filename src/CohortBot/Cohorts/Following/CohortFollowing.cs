using System.Text.Json;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Channels.Identities;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Turns;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Cohorts.Following;

/// Rosters that follow the platforms: a cohort follows a Teams team (or channel) or a Slack channel,
/// and its members become the cohort's. A sync reads the whole roster first and changes nothing
/// unless it got all of it, so an interrupted sync is simply run again. It adds those who joined
/// (matched by platform id, else by e-mail inside the district's own tenant or workspace, else
/// created as teachers of the district), takes out those who left (a departure is recorded; their
/// check-ins stay) and tells the district's coordinators what changed. Members the cohort has on
/// other platforms are left alone: a team's roster says nothing of a Slack-only teacher.
internal sealed class CohortFollowing(
    CohortDbContext db,
    IdentityLinks links,
    OutboxWriter outbox,
    IEnumerable<IGroupRoster> rosters,
    IBackgroundJobClient jobs,
    SyncTurns turns,
    TimeProvider time,
    ILogger<CohortFollowing> logger)
{
    /// The nightly sync's local time in the district's zone.
    public static readonly TimeOnly NightlyAt = new(2, 0);

    /// How long a failed sync waits before the hourly sweep tries it again.
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(50);

    /// Makes the cohort follow <paramref name="follow"/> (in place of what it followed) and starts
    /// its first sync in a job. Null when done, else why not (the cohort, district or id is wrong).
    public async Task<string?> FollowAsync(int cohortId, Follow follow, int actorMemberId, CancellationToken cancellationToken)
    {
        var cohort = await db.Cohorts.SingleOrDefaultAsync(c => c.Id == cohortId, cancellationToken);
        if (cohort is null)
            return "There is no such cohort.";
        var district = await db.Districts.SingleAsync(d => d.Id == cohort.DistrictId, cancellationToken);
        if (Problem(follow, district) is { } problem)
            return problem;
        var actor = $"member:{actorMemberId}";
        if (await SetAsync(cohort, follow, actor, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            EnqueueSync(cohort.Id, actor);
        }
        return null;
    }

    /// The cohort follows nothing any more; its members stay as they are.
    public async Task<bool> UnfollowAsync(int cohortId, int actorMemberId, CancellationToken cancellationToken)
    {
        var follow = await db.Follows.Include(f => f.Cohort).SingleOrDefaultAsync(f => f.CohortId == cohortId, cancellationToken);
        if (follow is null)
            return false;
        db.Follows.Remove(follow);
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(), Actor = $"member:{actorMemberId}", Action = "cohort.unfollow", Subject = follow.Cohort!.Name, DistrictId = follow.Cohort.DistrictId,
            DetailsJson = JsonSerializer.Serialize(new { platform = follow.Platform.ToString(), group = follow.GroupId }),
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// What the cohort follows, or null.
    public async Task<Follow?> FollowingAsync(int cohortId, CancellationToken cancellationToken) =>
        await db.Follows.AsNoTracking().Where(f => f.CohortId == cohortId).Select(f => new Follow(f.Platform, f.GroupId)).SingleOrDefaultAsync(cancellationToken);

    /// Why <paramref name="follow"/> cannot be followed by a cohort of <paramref name="district"/>, or null.
    public static string? Problem(Follow follow, District district)
    {
        if (follow.GroupId.Length is 0 or > 500 || follow.GroupId.Any(char.IsWhiteSpace))
            return follow.Platform == Platform.Teams ? "That is not a Teams team id (like 19:…@thread.tacv2)." : "That is not a Slack channel id.";
        if (follow.Platform == Platform.Slack && !Channels.ChannelAddresses.IsSlackChannelId(follow.GroupId))
            return $"'{follow.GroupId}' is not a Slack channel id (like C0123ABCD: the channel's details show it).";
        if (Tenant(follow.Platform, district) is null)
            return follow.Platform == Platform.Teams ? "The district names no Teams tenant (roster teamsTenantId)." : "The district names no Slack workspace (roster slackTeamId).";
        return null;
    }

    /// Sets the follow in the caller's unit of work (the roster importer's too); true when it changed.
    public async Task<bool> SetAsync(Cohort cohort, Follow follow, string actor, CancellationToken cancellationToken)
    {
        var current = cohort.Id == 0 ? null : await db.Follows.SingleOrDefaultAsync(f => f.CohortId == cohort.Id, cancellationToken);
        if (current is not null && current.Platform == follow.Platform && current.GroupId == follow.GroupId)
            return false;
        if (current is not null)
            db.Follows.Remove(current);
        db.Follows.Add(new CohortFollow { Cohort = cohort, Platform = follow.Platform, GroupId = follow.GroupId, FollowedAt = time.GetUtcNow(), FollowedBy = actor });
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(), Actor = actor, Action = "cohort.follow", Subject = cohort.Name,
            DistrictId = cohort.DistrictId == 0 ? null : cohort.DistrictId,
            DetailsJson = JsonSerializer.Serialize(new { platform = follow.Platform.ToString(), group = follow.GroupId }),
        });
        return true;
    }

    public void EnqueueSync(int cohortId, string actor) =>
        jobs.Enqueue<CohortFollowing>(following => following.SyncJobAsync(cohortId, actor, CancellationToken.None));

    /// The job behind <c>sync COHORT</c>, a new follow and the nightly sweep.
    public async Task SyncJobAsync(int cohortId, string actor, CancellationToken cancellationToken) => await SyncAsync(cohortId, actor, cancellationToken);

    /// Every followed cohort whose nightly sync (02:00 in the district's zone) is due, or whose last
    /// sync failed a while ago. Run hourly.
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var follows = await db.Follows.AsNoTracking()
            .Select(f => new { f.CohortId, f.LastSyncedAt, f.LastAttemptAt, Zone = db.Districts.Where(d => d.Id == f.Cohort!.DistrictId).Select(d => d.TimeZone).First() })
            .ToListAsync(cancellationToken);
        foreach (var follow in follows)
        {
            var due = LastNightly(now, follow.Zone);
            if ((follow.LastSyncedAt ?? DateTimeOffset.MinValue) < due && (follow.LastAttemptAt ?? DateTimeOffset.MinValue) <= now - RetryAfter)
                await SyncAsync(follow.CohortId, "sync:nightly", cancellationToken);
        }
    }

    /// The latest 02:00 in <paramref name="zone"/> at or before <paramref name="now"/>.
    public static DateTimeOffset LastNightly(DateTimeOffset now, string zone)
    {
        var today = DateOnly.FromDateTime(LocalTimes.ToInstant(now).InZone(LocalTimes.Zone(zone)).Date.ToDateTimeUnspecified());
        var at = LocalTimes.At(today, NightlyAt, zone);
        return at <= now ? at : LocalTimes.At(today.AddDays(-1), NightlyAt, zone);
    }

    /// Reads the followed team's or channel's whole roster and makes the cohort's members follow it;
    /// changes nothing when the roster could not be read whole.
    public async Task<SyncReport> SyncAsync(int cohortId, string actor, CancellationToken cancellationToken)
    {
        using var turn = await turns.TakeAsync(cohortId, cancellationToken);
        var follow = await db.Follows.SingleOrDefaultAsync(f => f.CohortId == cohortId, cancellationToken);
        if (follow is null)
            return SyncReport.Failed("The cohort follows no team or channel.");
        var cohort = await db.Cohorts.Include(c => c.Members).SingleAsync(c => c.Id == cohortId, cancellationToken);
        var district = await db.Districts.SingleAsync(d => d.Id == cohort.DistrictId, cancellationToken);
        var group = new Follow(follow.Platform, follow.GroupId);
        var now = time.GetUtcNow();
        follow.LastAttemptAt = now;

        if (Tenant(group.Platform, district) is not { } tenant || rosters.FirstOrDefault(r => r.Platform == group.Platform) is not { } roster)
            return await FailAsync(follow, "The district names no tenant or workspace on that platform.", cancellationToken);
        tenant = group.Platform == Platform.Teams ? tenant.ToLowerInvariant() : tenant;

        var linked = await db.Identities.Include(i => i.Member)
            .Where(i => i.Platform == group.Platform && i.TenantId == tenant)
            .ToDictionaryAsync(i => i.UserId, StringComparer.Ordinal, cancellationToken);
        IReadOnlyList<GroupMember> people;
        try
        {
            people = await roster.MembersAsync(group, tenant, user => !linked.ContainsKey(PersonRef.Of(group.Platform, tenant, user).UserId), cancellationToken);
        }
        catch (GroupRosterUnavailableException failure)
        {
            Log.FollowSyncFailed(logger, cohortId, failure.Message);
            return await FailAsync(follow, failure.Message, cancellationToken);
        }

        var wanted = new Dictionary<int, Member>();
        var created = new List<Member>();
        var unmatched = new List<Unmatched>();
        var byEmail = new Dictionary<string, Member>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in people.Where(p => !p.Bot).DistinctBy(p => PersonRef.Of(group.Platform, tenant, p.UserId).UserId))
        {
            var who = PersonRef.Of(group.Platform, tenant, person.UserId);
            var name = string.IsNullOrWhiteSpace(person.Name) ? person.Email ?? person.UserId : person.Name.Trim();
            if (linked.TryGetValue(who.UserId, out var identity))
            {
                if (identity.Member!.DistrictId == district.Id)
                    wanted[identity.MemberId] = identity.Member;
                else
                    unmatched.Add(new(name, "a member of another district"));
                continue;
            }
            if (person.Guest)
            {
                unmatched.Add(new(name, "a guest from another organisation"));
                continue;
            }
            if (person.Email?.Trim().ToLowerInvariant() is not { Length: > 0 } email || !email.Contains('@', StringComparison.Ordinal))
            {
                unmatched.Add(new(name, "no e-mail"));
                continue;
            }
            // A person a coordinator erased is never brought back, by e-mail nor by platform id.
            if (await Privacy.ErasedMember.IsErasedAsync(db, email, who, cancellationToken))
                continue;
            if (byEmail.ContainsKey(email))
            {
                unmatched.Add(new(name, "an e-mail someone else in the team has too"));
                continue;
            }
            var existing = await db.Members.SingleOrDefaultAsync(m => m.Email == email, cancellationToken);
            if (existing is not null)
            {
                if (existing.DistrictId != district.Id)
                    unmatched.Add(new(name, "the e-mail of another district's member"));
                else if (await links.LinkByEmailAsync(who, email, actor, cancellationToken) is null)
                    unmatched.Add(new(name, $"the e-mail of {existing.DisplayName}, who is linked to another {group.Platform} account"));
                else
                {
                    wanted[existing.Id] = existing;
                    byEmail[email] = existing;
                }
                continue;
            }
            var member = new Member
            {
                DistrictId = district.Id,
                DisplayName = name.Length > 200 ? name[..200] : name,
                Email = email,
                Role = MemberRole.Teacher,
                TimeZone = LocalTimes.TryFindZone(person.TimeZone, out _) ? person.TimeZone! : district.TimeZone,
                PreferredPlatform = group.Platform,
            };
            db.Members.Add(member);
            links.LinkCreated(member, district, who, "follow", actor);
            created.Add(member);
            byEmail[email] = member;
        }

        // A coordinator in the team is the district's, not the cohort's: neither joins nor leaves it.
        foreach (var coordinator in wanted.Where(w => w.Value.Role == MemberRole.Coordinator).Select(w => w.Key).ToList())
            wanted.Remove(coordinator);

        // Only members the platform could have listed can have left it: those linked in its tenant.
        var onPlatform = linked.Values.Where(i => i.Member!.Role != MemberRole.Coordinator).Select(i => i.MemberId).ToHashSet();
        var departures = await db.Departures.Where(d => d.CohortId == cohortId && d.ReturnedAt == null).ToListAsync(cancellationToken);
        var joined = new List<Member>();
        foreach (var member in wanted.Values.Where(m => !cohort.Members.Any(c => c.Id == m.Id)).Concat(created))
        {
            cohort.Members.Add(member);
            joined.Add(member);
            foreach (var back in departures.Where(d => d.MemberId == member.Id && member.Id != 0))
                back.ReturnedAt = now;
        }
        var left = cohort.Members.Where(m => m.Id != 0 && onPlatform.Contains(m.Id) && !wanted.ContainsKey(m.Id)).ToList();
        foreach (var member in left)
        {
            cohort.Members.Remove(member);
            db.Departures.Add(new CohortDeparture { CohortId = cohortId, MemberId = member.Id, LeftAt = now, LeftBy = actor });
        }

        var report = new SyncReport([.. joined.Select(m => m.DisplayName).Order(StringComparer.CurrentCulture)], [.. left.Select(m => m.DisplayName).Order(StringComparer.CurrentCulture)], [.. unmatched.OrderBy(u => u.Name, StringComparer.CurrentCulture)]);
        var unmatchedJson = JsonSerializer.Serialize(report.Unmatched);
        var unmatchedChanged = unmatchedJson != (follow.UnmatchedJson ?? "[]");
        follow.LastSyncedAt = now;
        follow.LastError = null;
        follow.UnmatchedJson = unmatchedJson;
        if (report.Changed || unmatchedChanged)
        {
            db.AuditLog.Add(new AuditEntry
            {
                At = now, Actor = actor, Action = "cohort.sync", Subject = cohort.Name, DistrictId = district.Id,
                DetailsJson = JsonSerializer.Serialize(new
                {
                    platform = group.Platform.ToString(), group = group.GroupId,
                    joined = joined.Select(m => m.Email), left = left.Select(m => m.Email), created = created.Select(m => m.Email), unmatched = report.Unmatched,
                }),
            });
            await TellCoordinatorsAsync(cohort, district, group, report, now, cancellationToken);
        }
        try
        {
            await outbox.SaveAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another sync of the same cohort saved first (the nightly sweep and a coordinator's sync):
            // this one changes nothing, and the next finds the roster as that one left it.
            return SyncReport.Failed("Another sync of this cohort ran at the same time; nothing changed.");
        }
        Log.FollowSynced(logger, cohortId, joined.Count, left.Count, unmatched.Count);
        return report;
    }

    /// The changes go to the district's coordinators at once, or when their quiet hours end: in any
    /// case hours before a round opens after a nightly sync, and at once after one by day.
    private async Task TellCoordinatorsAsync(Cohort cohort, District district, Follow group, SyncReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var coordinators = await db.Members.Where(m => m.DistrictId == district.Id && m.Role == MemberRole.Coordinator).ToListAsync(cancellationToken);
        var quiet = CheckIns.RoundService.Quiet(cohort);
        var message = CheckIns.CheckInCards.Notice(Describe(cohort, group, report));
        foreach (var coordinator in coordinators)
        {
            var at = quiet.NextAllowed(now, coordinator.TimeZone);
            outbox.ToMember($"follow:{cohort.Id}/sync:{now.UtcTicks}/member:{coordinator.Id}", coordinator.Id, message, at > now ? at : null);
        }
    }

    public static string Describe(Cohort cohort, Follow group, SyncReport report)
    {
        var lines = new List<string> { $"{cohort.Name} follows {group.Describe()}. Since the last sync:" };
        lines.Add(report.Joined.Count == 0 ? "Joined: nobody." : $"Joined ({report.Joined.Count}): {string.Join(", ", report.Joined)}.");
        lines.Add(report.Left.Count == 0 ? "Left: nobody." : $"Left ({report.Left.Count}, no longer asked; their check-ins are kept): {string.Join(", ", report.Left)}.");
        if (report.Unmatched.Count > 0)
            lines.Add($"Could not be matched ({report.Unmatched.Count}): {string.Join("; ", report.Unmatched.Select(u => $"{u.Name} ({u.Reason})"))}.");
        return string.Join("\n\n", lines);
    }

    private async Task<SyncReport> FailAsync(CohortFollow follow, string error, CancellationToken cancellationToken)
    {
        follow.LastError = error.Length > 500 ? error[..500] : error;
        await db.SaveChangesAsync(cancellationToken);
        return SyncReport.Failed(error);
    }

    private static string? Tenant(Platform platform, District district) => platform == Platform.Teams ? district.TeamsTenantId : district.SlackTeamId;
}
