using System.Text.Json;
using CohortBot.CheckIns;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Cohorts;

/// What a coordinator (or a coach, where the cohort allows it) changes on a cohort's settings page:
/// its schedule, its channels, its people. Who may is the page's to check; every change is saved
/// with an audit entry naming who made it, and a schedule change plans the next round again.
internal sealed class CohortSettings(CohortDbContext db, RoundScheduler scheduler, TimeProvider time)
{
    /// Replaces the cohort's schedule; the round planned next moves with it (one already open
    /// keeps its times). Returns false when nothing changed.
    public async Task<bool> SaveScheduleAsync(int cohortId, CohortSchedule schedule, int actorId, CancellationToken cancellationToken)
    {
        var cohort = await db.Cohorts.SingleAsync(c => c.Id == cohortId, cancellationToken);
        var before = Describe(cohort.Schedule);
        ScheduleRules.CopyTo(schedule, cohort.Schedule);
        var after = Describe(cohort.Schedule);
        if (before == after)
            return false;
        Audit(actorId, "cohort.schedule", cohort, new { before, after });
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.ReplanAsync(cohortId, cancellationToken);
        return true;
    }

    /// Links a Slack channel to the cohort (as <c>link COHORT</c> written there does): it gets the
    /// cohort's summaries, and the coaches' links posted there join its library. Returns the problem, if any.
    public async Task<string?> LinkSlackChannelAsync(int cohortId, string channelId, int actorId, CancellationToken cancellationToken)
    {
        channelId = channelId.Trim();
        if (!(channelId.Length is > 1 and <= 20 && Channels.ChannelAddresses.IsSlackChannelId(channelId)))
            return $"'{channelId}' is not a Slack channel id (like C0123ABCD: the channel's details show it at the bottom)";
        var cohort = await db.Cohorts.SingleAsync(c => c.Id == cohortId, cancellationToken);
        if (await db.CohortChannels.AnyAsync(c => c.CohortId == cohortId && c.Platform == Platform.Slack && c.ExternalId == channelId, cancellationToken))
            return null;
        var where = Channels.ChannelAddresses.SlackChannel(channelId);
        db.CohortChannels.Add(new CohortChannel { CohortId = cohortId, Platform = where.Platform, Address = where.Address, ExternalId = channelId, LinkedAt = time.GetUtcNow() });
        Audit(actorId, "cohort.link", cohort, new { platform = nameof(Platform.Slack), channel = channelId });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// Unlinks one of the cohort's channels: no more summaries there, no more resources captured from it.
    public async Task UnlinkAsync(int cohortId, int channelLinkId, int actorId, CancellationToken cancellationToken)
    {
        var link = await db.CohortChannels.Include(c => c.Cohort).FirstOrDefaultAsync(c => c.Id == channelLinkId && c.CohortId == cohortId, cancellationToken);
        if (link is null)
            return;
        db.CohortChannels.Remove(link);
        Audit(actorId, "cohort.unlink", link.Cohort!, new { platform = link.Platform.ToString(), channel = link.ExternalId });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// One member's settings as the page sends them; a role of null leaves the role as it is.
    public sealed record MemberChange(int MemberId, MemberRole? Role, Platform PreferredPlatform, string TimeZone);

    /// Applies the changes to the cohort's members (each checked by the page), one audit entry per
    /// member changed; returns the names of those changed.
    public async Task<IReadOnlyList<string>> SaveMembersAsync(int cohortId, IReadOnlyList<MemberChange> changes, int actorId, CancellationToken cancellationToken)
    {
        var cohort = await db.Cohorts.Include(c => c.Members).SingleAsync(c => c.Id == cohortId, cancellationToken);
        var changed = new List<string>();
        foreach (var change in changes)
        {
            if (cohort.Members.FirstOrDefault(m => m.Id == change.MemberId) is not { } member)
                continue;
            var before = new { role = member.Role.ToString(), preferredPlatform = member.PreferredPlatform.ToString(), timeZone = member.TimeZone };
            member.Role = change.Role ?? member.Role;
            member.PreferredPlatform = change.PreferredPlatform;
            member.TimeZone = change.TimeZone;
            var after = new { role = member.Role.ToString(), preferredPlatform = member.PreferredPlatform.ToString(), timeZone = member.TimeZone };
            if (before.Equals(after))
                continue;
            changed.Add(member.DisplayName);
            Audit(actorId, "member.settings", member.DisplayName, member.DistrictId, new { before, after });
        }
        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }

    private void Audit(int actorId, string action, Cohort cohort, object details) => Audit(actorId, action, cohort.Name, cohort.DistrictId, details);

    private void Audit(int actorId, string action, string subject, int districtId, object details) =>
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), Actor = $"member:{actorId}", Action = action, Subject = subject, DistrictId = districtId, DetailsJson = JsonSerializer.Serialize(details) });

    /// The schedule in a line, for the audit log and to tell whether anything changed.
    public static string Describe(CohortSchedule schedule) =>
        string.Join("; ",
            $"{CheckInCards.Rhythm(schedule)} from {CheckInCards.Iso(schedule.AnchorDate)}{(schedule.EndDate is { } end ? $" to {CheckInCards.Iso(end)}" : "")}",
            $"{schedule.TimeZone}",
            $"open {schedule.RoundLengthDays} days",
            $"reminders {string.Join(", ", schedule.ReminderMinutes.Select(m => ReminderPlan.Format(TimeSpan.FromMinutes(m))))}",
            $"quiet hours {(schedule.QuietHours.Length == 0 ? "none" : schedule.QuietHours)}",
            $"skip {(schedule.SkipDates.Count == 0 ? "none" : string.Join(", ", schedule.SkipDates.Select(CheckInCards.Iso)))}");
}
