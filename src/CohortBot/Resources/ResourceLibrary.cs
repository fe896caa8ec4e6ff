using CohortBot.Cohorts;
using CohortBot.Resources.Capture;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Resources;

/// What a cohort's library holds, and every change to it, in the caller's unit of work: links
/// captured from messages (followed through their edits and deletion), shared by hand, proposed by
/// teachers, loaded from CSV. One resource per link and cohort; each change moves the cohort's
/// <see cref="Cohort.LibraryVersion"/>, so search indexes know they are stale.
internal sealed class ResourceLibrary(CohortDbContext db, TimeProvider time)
{
    /// Where a link came from: the message's key and link, when there is one.
    public sealed record Source(string? Key, string? Link);

    /// The resources a message holds, one per link, in each of <paramref name="cohorts"/>: new ones
    /// added, known ones (the same link, normalised) credited to <paramref name="author"/> as well.
    /// Returns them, new and known.
    public async Task<List<Resource>> CaptureAsync(IReadOnlyList<Cohort> cohorts, Member author, string text, MessageFormat format, Source source, ResourceStatus status, CancellationToken cancellationToken)
    {
        var links = ResourceLinks.Extract(text, format);
        if (links.Count == 0)
            return [];
        var description = Blank(ResourceLinks.Description(text, format));
        var tags = ResourceLinks.Hashtags(text);
        var captured = new List<Resource>();
        foreach (var cohort in cohorts)
        {
            foreach (var link in links)
                captured.Add(await AddAsync(cohort, author, link.Url, link.NormalizedUrl, link.Title, description, tags, source, status, cancellationToken));
        }
        return captured;
    }

    /// One resource, added or credited.
    public async Task<Resource> AddAsync(Cohort cohort, Member? author, string url, string normalizedUrl, string title, string? description, IEnumerable<string> tags, Source source, ResourceStatus status, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var allTags = tags.Concat(cohort.DefaultTags).Select(t => t.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Take(ResourceLinks.MaxTags).ToList();
        var existing = db.Resources.Local.FirstOrDefault(r => r.CohortId == cohort.Id && r.NormalizedUrl == normalizedUrl)
            ?? await db.Resources.FirstOrDefaultAsync(r => r.CohortId == cohort.Id && r.NormalizedUrl == normalizedUrl, cancellationToken);
        if (existing is not null)
        {
            if (author is not null && !existing.CreditedMemberIds.Contains(author.Id))
                existing.CreditedMemberIds = [.. existing.CreditedMemberIds, author.Id];
            existing.Tags = [.. existing.Tags.Union(allTags, StringComparer.Ordinal).Take(ResourceLinks.MaxTags)];
            existing.Description ??= description;
            // A link retired with its message comes back when it is shared again; a coach's rejection stands against a teacher.
            if (existing.Status == ResourceStatus.Retired && status == ResourceStatus.Active)
                existing.Status = ResourceStatus.Active;
            existing.UpdatedAt = now;
            Touch(cohort);
            return existing;
        }
        var resource = new Resource
        {
            CohortId = cohort.Id,
            Title = Cut(title, 300),
            Url = url,
            NormalizedUrl = normalizedUrl,
            Description = description is null ? null : Cut(description, ResourceLinks.MaxDescriptionLength),
            Tags = allTags,
            SharedByMemberId = author?.Id,
            CreditedMemberIds = author is null ? [] : [author.Id],
            SharedAt = now,
            UpdatedAt = now,
            Status = status,
            SourceKey = source.Key,
            SourceLink = source.Link,
        };
        db.Resources.Add(resource);
        Touch(cohort);
        return resource;
    }

    /// A source message was edited: its resources take its new text (title, description, tags), links
    /// it no longer holds are retired, new links are added. Returns how many resources it now holds.
    public async Task<int> EditAsync(string sourceKey, Member author, string text, MessageFormat format, Source source, CancellationToken cancellationToken)
    {
        var resources = await db.Resources.Include(r => r.Cohort).Where(r => r.SourceKey == sourceKey).ToListAsync(cancellationToken);
        if (resources.Count == 0)
            return 0;
        var links = ResourceLinks.Extract(text, format);
        var description = Blank(ResourceLinks.Description(text, format));
        var tags = ResourceLinks.Hashtags(text);
        foreach (var resource in resources)
        {
            var link = links.FirstOrDefault(l => l.NormalizedUrl == resource.NormalizedUrl);
            if (link is null)
            {
                resource.Status = ResourceStatus.Retired;
            }
            else
            {
                resource.Title = Cut(link.Title, 300);
                resource.Description = description is null ? null : Cut(description, ResourceLinks.MaxDescriptionLength);
                resource.Tags = [.. tags.Concat(resource.Cohort!.DefaultTags).Distinct(StringComparer.Ordinal).Take(ResourceLinks.MaxTags)];
                if (resource.Status == ResourceStatus.Retired)
                    resource.Status = ResourceStatus.Active;
            }
            resource.UpdatedAt = time.GetUtcNow();
            Touch(resource.Cohort!);
        }
        var cohorts = resources.Select(r => r.Cohort!).DistinctBy(c => c.Id).ToList();
        var known = resources.Select(r => r.NormalizedUrl).ToHashSet(StringComparer.Ordinal);
        foreach (var cohort in cohorts)
        {
            foreach (var link in links.Where(l => !known.Contains(l.NormalizedUrl)))
                await AddAsync(cohort, author, link.Url, link.NormalizedUrl, link.Title, description, tags, source, ResourceStatus.Active, cancellationToken);
        }
        return links.Count * cohorts.Count;
    }

    /// A source message was deleted: its resources leave the library.
    public async Task<int> RetireAsync(string sourceKey, CancellationToken cancellationToken)
    {
        var resources = await db.Resources.Include(r => r.Cohort).Where(r => r.SourceKey == sourceKey && r.Status == ResourceStatus.Active).ToListAsync(cancellationToken);
        foreach (var resource in resources)
        {
            resource.Status = ResourceStatus.Retired;
            resource.UpdatedAt = time.GetUtcNow();
            Touch(resource.Cohort!);
        }
        return resources.Count;
    }

    /// A teacher's Helpful / Not helpful on a resource an answer offered them; the last one counts.
    public async Task VoteAsync(Resource resource, int memberId, string question, bool helpful, CancellationToken cancellationToken)
    {
        var asked = Cut(question.Trim(), 500);
        var vote = await db.ResourceVotes.FirstOrDefaultAsync(v => v.ResourceId == resource.Id && v.MemberId == memberId && v.Question == asked, cancellationToken);
        if (vote is null)
            db.ResourceVotes.Add(new ResourceVote { ResourceId = resource.Id, MemberId = memberId, Question = asked, Helpful = helpful, At = time.GetUtcNow() });
        else
        {
            vote.Helpful = helpful;
            vote.At = time.GetUtcNow();
        }
        Touch(await db.Cohorts.SingleAsync(c => c.Id == resource.CohortId, cancellationToken));
    }

    public static void Touch(Cohort cohort) => cohort.LibraryVersion++;

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
}
