using System.Text.Json;
using CohortBot.CheckIns;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Cohorts.Privacy;

/// The steps of one erasure, inside the caller's transaction. What goes, and what stays:
/// - their words go: check-ins, support requests, series commitments and reflections, visit
///   bookings and reflections, resource votes (with the questions they asked), the note on the
///   visits they host;
/// - their link to others goes: cohorts, platform identities, their 1:1 conversations, attendance;
/// - what they gave stays without them: resources remain in the library without an author (and the
///   cohort's search index is rebuilt without their votes), hosted visit slots and sessions they ran
///   remain for the others who took part;
/// - the outbox keeps each delivery's row and key (so nothing is sent again), but not what it said,
///   nor where; stored copies of cards to others that name them are blanked the same way;
/// - inbound payloads carrying them are blanked and marked handled (the row still stops a redelivery);
/// - the audit log keeps its entries with their e-mail, name and platform ids replaced;
/// - closed rounds keep their figures as they were (<see cref="RoundTotals"/>, frozen first), and
///   forget them in who they asked (<see cref="RoundRoll"/>);
/// - the member row stays as "Former member" with a placeholder e-mail, so the records of others
///   that point at it (a visit made to their classroom, a reply they wrote as coach) stay whole;
/// - a tombstone (<see cref="ErasedMember"/>) keeps a seed or a sync from bringing them back.
internal sealed class MemberEraser(CohortDbContext db, RoundService rounds, TimeProvider time)
{
    public const string FormerName = "Former member";
    private const string Erased = "(erased)";

    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(Member member, string actor, CancellationToken cancellationToken)
    {
        var id = member.Id;
        var now = time.GetUtcNow();
        var counts = new Dictionary<string, int>();
        var identities = await db.Identities.Where(i => i.MemberId == id).ToListAsync(cancellationToken);
        var tokens = Tokens(member, identities);

        counts["closed rounds frozen"] = await FreezeClosedRoundsAsync(member, cancellationToken);
        counts["round rolls"] = await EraseFromRollsAsync(id, cancellationToken);
        counts["check-ins"] = await db.CheckIns.Where(c => c.MemberId == id).ExecuteDeleteAsync(cancellationToken);
        counts["support requests"] = await db.SupportRequests.Where(r => r.MemberId == id).ExecuteDeleteAsync(cancellationToken);
        counts["series commitments"] = await db.Commitments.Where(c => c.MemberId == id).ExecuteDeleteAsync(cancellationToken);
        counts["session attendances"] = await db.Attendance.Where(a => a.MemberId == id).ExecuteDeleteAsync(cancellationToken);
        counts["session reflections"] = await db.SessionReflections.Where(r => r.MemberId == id).ExecuteDeleteAsync(cancellationToken);
        counts["sessions facilitated"] = await db.Sessions.Where(s => s.FacilitatorId == id).ExecuteUpdateAsync(set => set.SetProperty(s => s.FacilitatorId, (int?)null), cancellationToken);
        counts["visit bookings"] = await EraseBookingsAsync(id, cancellationToken);
        counts["visit notes"] = await db.VisitSlots.Where(s => s.HostId == id && s.Note != null).ExecuteUpdateAsync(set => set.SetProperty(s => s.Note, (string?)null), cancellationToken);
        counts["nudges received"] = await db.NudgeRecipients.Where(r => r.MemberId == id).ExecuteDeleteAsync(cancellationToken);
        counts["resource votes"] = 0;
        counts["resources uncredited"] = await EraseLibraryTracesAsync(member, counts, cancellationToken);
        counts["deliveries to them"] = await BlankDeliveriesToAsync(id, cancellationToken);
        counts["deliveries naming them"] = await BlankDeliveriesNamingAsync(member, cancellationToken);
        counts["inbound payloads"] = await BlankPayloadsAsync(tokens, now, cancellationToken);
        counts["audit entries redacted"] = await RedactAuditAsync(member, tokens, cancellationToken);

        var conversations = identities.Select(i => i.ConversationId).OfType<string>().ToList();
        counts["conversations"] = await db.Conversations.Where(c => conversations.Contains(c.ExternalId)).ExecuteDeleteAsync(cancellationToken);
        counts["platform identities"] = identities.Count;
        db.Identities.RemoveRange(identities);
        counts["cohorts left"] = member.Cohorts.Count;

        db.ErasedMembers.Add(new ErasedMember
        {
            DistrictId = member.DistrictId,
            MemberId = id,
            EmailHash = ErasedMember.HashEmail(member.Email),
            TeamsUserHash = identities.Where(i => i.Platform == Platform.Teams).Select(i => ErasedMember.HashPerson(i.Platform, i.TenantId, i.UserId)).FirstOrDefault(),
            SlackUserHash = identities.Where(i => i.Platform == Platform.Slack).Select(i => ErasedMember.HashPerson(i.Platform, i.TenantId, i.UserId)).FirstOrDefault(),
            ErasedAt = now,
        });
        await Anonymise(member);
        db.AuditLog.Add(new AuditEntry
        {
            At = now,
            Actor = actor,
            Action = "member.erase",
            Subject = $"member:{id}",
            DistrictId = member.DistrictId,
            DetailsJson = JsonSerializer.Serialize(counts),
        });
        await db.SaveChangesAsync(cancellationToken);
        return counts;
    }

    /// Before their answers go, every closed round of their cohorts (and any they answered) keeps its figures.
    private async Task<int> FreezeClosedRoundsAsync(Member member, CancellationToken cancellationToken)
    {
        var cohortIds = member.Cohorts.Select(c => c.Id).ToList();
        var closed = await db.Rounds
            .Where(r => r.Status == RoundStatus.Closed && r.ClosedTotalsJson == null
                && (cohortIds.Contains(r.CohortId) || db.CheckIns.Any(c => c.RoundId == r.Id && c.MemberId == member.Id)))
            .ToListAsync(cancellationToken);
        foreach (var round in closed)
            await rounds.FreezeTotalsAsync(round, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return closed.Count;
    }

    /// Closed rounds' rolls of who was asked and what they rated forget them (the figures frozen before keep their counts).
    private async Task<int> EraseFromRollsAsync(int id, CancellationToken cancellationToken)
    {
        var named = $"\"{id}\":";
        var rolls = await db.RoundRolls.Where(r => r.MembersJson.Contains(named)).ToListAsync(cancellationToken);
        return rolls.Count(roll => roll.Forget(id));
    }

    /// Their bookings go, and the seats the live ones held are freed (by the same conditional update bookings use).
    private async Task<int> EraseBookingsAsync(int id, CancellationToken cancellationToken)
    {
        var held = await db.VisitBookings.Where(b => b.VisitorId == id && b.CancelledAt == null).Select(b => b.SlotId).ToListAsync(cancellationToken);
        foreach (var slotId in held)
            await db.VisitSlots.Where(s => s.Id == slotId && s.BookedSeats > 0).ExecuteUpdateAsync(set => set.SetProperty(s => s.BookedSeats, s => s.BookedSeats - 1), cancellationToken);
        return await db.VisitBookings.Where(b => b.VisitorId == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// Their votes go and their resources lose their author; each cohort touched rebuilds its search index.
    private async Task<int> EraseLibraryTracesAsync(Member member, Dictionary<string, int> counts, CancellationToken cancellationToken)
    {
        var id = member.Id;
        var touched = member.Cohorts.Select(c => c.Id).ToHashSet();
        touched.UnionWith(await db.ResourceVotes.Where(v => v.MemberId == id)
            .Select(v => db.Resources.Where(r => r.Id == v.ResourceId).Select(r => r.CohortId).FirstOrDefault()).Distinct().ToListAsync(cancellationToken));
        counts["resource votes"] = await db.ResourceVotes.Where(v => v.MemberId == id).ExecuteDeleteAsync(cancellationToken);

        var resources = await db.Resources.Where(r => r.SharedByMemberId == id || r.CreditedMemberIds.Contains(id)).ToListAsync(cancellationToken);
        foreach (var resource in resources)
        {
            if (resource.SharedByMemberId == id)
            {
                resource.SharedByMemberId = null;
                // The link to their message shows who they are; the message key stays, so deleting it still retires the resource.
                resource.SourceLink = null;
            }
            if (resource.CreditedMemberIds.Contains(id))
                resource.CreditedMemberIds = [.. resource.CreditedMemberIds.Where(m => m != id)];
            touched.Add(resource.CohortId);
        }
        await db.SaveChangesAsync(cancellationToken);
        await db.Cohorts.Where(c => touched.Contains(c.Id)).ExecuteUpdateAsync(set => set.SetProperty(c => c.LibraryVersion, c => c.LibraryVersion + 1), cancellationToken);
        return resources.Count;
    }

    /// Each delivery to them keeps its key (nothing is sent twice) and its status and times, not what it said nor where.
    private async Task<int> BlankDeliveriesToAsync(int id, CancellationToken cancellationToken)
    {
        await db.Deliveries.Where(d => d.MemberId == id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled), cancellationToken);
        return await db.Deliveries.Where(d => d.MemberId == id).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.DataJson, "{}")
            .SetProperty(d => d.Text, "")
            .SetProperty(d => d.Address, (string?)null)
            .SetProperty(d => d.LastError, (string?)null), cancellationToken);
    }

    /// Stored copies of cards to others that name them (a private round summary, a support alert to
    /// their coach) are blanked the same way; one still waiting is not sent.
    private async Task<int> BlankDeliveriesNamingAsync(Member member, CancellationToken cancellationToken)
    {
        var inJson = new[] { Escaped(member.DisplayName), Escaped(member.Email) };
        var inText = new[] { member.DisplayName, member.Email };
        var ids = new HashSet<int>();
        foreach (var token in inJson.Where(t => t.Length > 0))
            ids.UnionWith(await db.Deliveries.Where(d => d.MemberId != member.Id && d.DataJson.Contains(token)).Select(d => d.Id).ToListAsync(cancellationToken));
        foreach (var token in inText.Where(t => t.Length > 0))
            ids.UnionWith(await db.Deliveries.Where(d => d.MemberId != member.Id && d.Text.Contains(token)).Select(d => d.Id).ToListAsync(cancellationToken));
        if (ids.Count == 0)
            return 0;
        await db.Deliveries.Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.Status, DeliveryStatus.Cancelled), cancellationToken);
        return await db.Deliveries.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(set => set.SetProperty(d => d.DataJson, "{}").SetProperty(d => d.Text, ""), cancellationToken);
    }

    /// Inbound events carrying them are blanked; one not handled yet never will be (they are gone),
    /// and its row still recognises a redelivery.
    private async Task<int> BlankPayloadsAsync(IReadOnlyList<string> tokens, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blanked = 0;
        foreach (var token in tokens)
        {
            await db.ProcessedEvents.Where(e => e.Payload != null && e.Payload.Contains(token) && e.HandledAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.HandledAt, now).SetProperty(e => e.GivenUpAt, now), cancellationToken);
            blanked += await db.ProcessedEvents.Where(e => e.Payload != null && e.Payload.Contains(token))
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Payload, (string?)null), cancellationToken);
        }
        return blanked;
    }

    /// The audit log keeps every entry (who changed what stays true) with their e-mail, name and ids replaced.
    private async Task<int> RedactAuditAsync(Member member, IReadOnlyList<string> tokens, CancellationToken cancellationToken)
    {
        var self = $"member:{member.Id}";
        var entries = await db.AuditLog.Where(a => a.Subject == member.Email || a.Actor == member.Email || a.Subject == member.DisplayName).ToListAsync(cancellationToken);
        foreach (var token in tokens)
            entries.AddRange(await db.AuditLog.Where(a => a.DetailsJson != null && a.DetailsJson.Contains(token)).ToListAsync(cancellationToken));
        var redacted = entries.DistinctBy(a => a.Id).ToList();
        foreach (var entry in redacted)
        {
            if (entry.Subject == member.Email || entry.Subject == member.DisplayName)
                entry.Subject = self;
            if (entry.Actor == member.Email)
                entry.Actor = self;
            if (entry.DetailsJson is { } details)
                entry.DetailsJson = tokens.Aggregate(details, (text, token) => text.Replace(token, Erased, StringComparison.Ordinal));
        }
        return redacted.Count;
    }

    private async Task Anonymise(Member member)
    {
        member.Cohorts.Clear();
        member.DisplayName = FormerName;
        member.Email = $"erased-{member.Id}@erased.invalid";
        member.SiteId = null;
        member.Site = null;
        // A former coordinator must not keep a coordinator's rights, nor be sent summaries.
        member.Role = MemberRole.Teacher;
        member.PreferredPlatform = Platform.Teams;
        member.TimeZone = await db.Districts.Where(d => d.Id == member.DistrictId).Select(d => d.TimeZone).SingleAsync();
    }

    /// What identifies them in text the platforms sent or the bot wrote: e-mail, name, platform ids
    /// and 1:1 conversations, as they appear raw and inside JSON.
    private static List<string> Tokens(Member member, List<Channels.Identities.PlatformIdentity> identities)
    {
        var raw = new List<string> { member.Email, member.DisplayName };
        raw.AddRange(identities.Select(i => i.UserId));
        raw.AddRange(identities.Select(i => i.ConversationId).OfType<string>());
        return [.. raw.Concat(raw.Select(Escaped)).Where(t => t.Trim().Length >= 3).Distinct(StringComparer.Ordinal)];
    }

    /// The text as it appears inside a JSON string the app wrote (non-ASCII and HTML characters escaped).
    private static string Escaped(string text) => JsonSerializer.Serialize(text)[1..^1];
}
