using System.Text.Json;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Resources.Capture;
using CohortBot.Storage;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Resources;

/// The resource library in chat. Free text is either a coach sharing links in a cohort's channel
/// (captured, with a check mark) or a question (answered from the asker's cohorts' libraries, with
/// Helpful / Not helpful and Ask my coach). Also <c>share URL [title] [#tags]</c>,
/// <c>resources [#tag | words]</c>, and the cards' buttons.
internal sealed class ResourceHandler(CohortDbContext db, ResourceLibrary library, ResourceSearch search, SupportAlerts alerts, OutboxWriter outbox, TimeProvider time) : ITurnHandler
{
    public const string Vote = "resource.vote";
    public const string Ask = "resource.ask";
    public const string More = "resource.more";
    public const string Review = "resource.review";

    /// Slack's message shortcut "Save to cohort library".
    public const string Save = "resource.save";
    public const int PerPage = 10;

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = turn.MemberId is { } id
            ? await db.Members.Include(m => m.Cohorts).Include(m => m.Site).SingleAsync(m => m.Id == id, cancellationToken)
            : null;
        switch (turn.Kind)
        {
            case TurnKind.MessageEdited:
                return await EditedAsync(turn, member, cancellationToken);
            case TurnKind.MessageDeleted:
                if (turn.Message is { } deleted)
                    await library.RetireAsync(SourceKey(turn, deleted), cancellationToken);
                return TurnResponse.Nothing;
            case TurnKind.Action:
                return member is null ? Stranger() : await ActionAsync(turn, member, cancellationToken);
        }

        // A message in a channel: a coach's links go to the library; nothing else is said to the bot.
        if (turn.Conversation != ConversationKind.Personal && turn.Kind == TurnKind.Message)
        {
            var captured = await CaptureAsync(turn, member, cancellationToken);
            if (captured is not null || !turn.AddressedToBot)
                return captured ?? TurnResponse.Nothing;
        }
        if (member is null)
            return Stranger();
        return turn.Command switch
        {
            "share" => await ShareAsync(turn, member, cancellationToken),
            "resources" => await BrowseAsync(turn, member, turn.Arguments, page: 1, cancellationToken),
            _ => await AnswerAsync(turn, member, turn.Arguments, cancellationToken),
        };
    }

    private async Task<TurnResponse?> CaptureAsync(Turn turn, Member? author, CancellationToken cancellationToken)
    {
        if (author is not { Role: MemberRole.Coach or MemberRole.Coordinator } || turn.Message is not { } message || string.IsNullOrWhiteSpace(turn.Text))
            return null;
        var cohorts = await ChannelCohortsAsync(turn, cancellationToken);
        if (cohorts.Count == 0)
            return null;
        var captured = await library.CaptureAsync(cohorts, author, turn.Text, Format(turn), new ResourceLibrary.Source(SourceKey(turn, message), SourceLink(turn, message)), ResourceStatus.Active, cancellationToken);
        if (captured.Count == 0)
            return null;
        var titles = captured.Select(r => r.Title).Distinct(StringComparer.Ordinal).ToList();
        return TurnResponse.Acknowledge(titles.Count == 1 ? $"Saved to the library: {titles[0]}" : $"Saved {titles.Count} links to the library.");
    }

    private async Task<TurnResponse> EditedAsync(Turn turn, Member? author, CancellationToken cancellationToken)
    {
        if (turn.Message is not { } message)
            return TurnResponse.Nothing;
        var key = SourceKey(turn, message);
        if (author is { Role: MemberRole.Coach or MemberRole.Coordinator } && await library.EditAsync(key, author, turn.Text ?? "", Format(turn), new ResourceLibrary.Source(key, SourceLink(turn, message)), cancellationToken) > 0)
            return TurnResponse.Nothing;
        // A message that had no link may have one now.
        return await CaptureAsync(turn with { Kind = TurnKind.Message }, author, cancellationToken) ?? TurnResponse.Nothing;
    }

    private async Task<TurnResponse> ShareAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        var links = ResourceLinks.Extract(turn.Arguments, Format(turn));
        if (links.Count == 0)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("Share a link like this: share https://example.org/guide Station rotation guide #stationrotation"));
        if (member.Cohorts.Count == 0)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("You are not in a cohort yet, so there is no library to share with."));
        var link = links[0];
        var title = TitleAfter(turn.Arguments, link.Url) ?? link.Title;
        var tags = ResourceLinks.Hashtags(turn.Arguments);
        var cohorts = await db.Cohorts.Where(c => member.Cohorts.Select(m => m.Id).Contains(c.Id)).ToListAsync(cancellationToken);
        if (member.Role is MemberRole.Coach or MemberRole.Coordinator)
        {
            foreach (var cohort in cohorts)
                await library.AddAsync(cohort, member, link.Url, link.NormalizedUrl, title, null, tags, new ResourceLibrary.Source(null, null), ResourceStatus.Active, cancellationToken);
            return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Saved to the library of {string.Join(", ", cohorts.Select(c => c.Name))}: {title}"));
        }

        // A teacher's share waits for the coach.
        var proposed = new List<(Resource Resource, Cohort Cohort)>();
        foreach (var cohort in cohorts)
            proposed.Add((await library.AddAsync(cohort, member, link.Url, link.NormalizedUrl, title, null, tags, new ResourceLibrary.Source(null, null), ResourceStatus.Proposed, cancellationToken), cohort));
        var fresh = proposed.Where(p => p.Resource.Status == ResourceStatus.Proposed).ToList();
        if (fresh.Count == 0)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice($"That link is in your cohort's library already: {proposed[0].Resource.Title}"));
        await AskToReviewAsync(fresh.Select(p => p.Resource), member, cohorts, cancellationToken);
        return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Thanks! Your coach will look at \"{title}\" before it joins the library."));
    }

    /// Any message saved with the shortcut: its links join the library of the channel's cohorts (else
    /// the member's), at once for a coach, after the coach's approval for a teacher.
    private async Task<TurnResponse> SaveAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        var text = turn.Text ?? turn.Data.Value("messageText") ?? "";
        if (ResourceLinks.Extract(text, Format(turn)).Count == 0)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("That message has no link to save."));
        var cohorts = await ChannelCohortsAsync(turn, cancellationToken);
        if (cohorts.Count == 0)
            cohorts = await db.Cohorts.Where(c => member.Cohorts.Select(m => m.Id).Contains(c.Id)).ToListAsync(cancellationToken);
        if (cohorts.Count == 0)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("You are not in a cohort yet, so there is no library to save to."));
        var coach = member.Role is MemberRole.Coach or MemberRole.Coordinator;
        var source = turn.Message is { } message ? new ResourceLibrary.Source(SourceKey(turn, message), SourceLink(turn, message)) : new ResourceLibrary.Source(null, null);
        var saved = await library.CaptureAsync(cohorts, member, text, Format(turn), source, coach ? ResourceStatus.Active : ResourceStatus.Proposed, cancellationToken);
        if (!coach)
        {
            await AskToReviewAsync(saved.Where(r => r.Status == ResourceStatus.Proposed), member, cohorts, cancellationToken);
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("Thanks! Your coach will look at it before it joins the library."));
        }
        return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Saved to the library: {string.Join("; ", saved.Select(r => r.Title).Distinct(StringComparer.Ordinal))}"));
    }

    /// A teacher's links wait for the coach: each goes to its cohort's coaches as a review card (the
    /// card names the resource, so it is saved first).
    private async Task AskToReviewAsync(IEnumerable<Resource> proposed, Member teacher, IReadOnlyList<Cohort> cohorts, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        foreach (var resource in proposed)
        {
            var cohort = cohorts.First(c => c.Id == resource.CohortId);
            foreach (var coach in await alerts.CoachesAsync(cohort, cancellationToken))
                outbox.ToMember($"resource:{resource.Id}/review/coach:{coach.Id}", coach.Id, ResourceCards.Review(resource, teacher, cohort));
        }
    }

    private async Task<TurnResponse> AnswerAsync(Turn turn, Member member, string question, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(question))
            return TurnResponse.Reply(new CardMessage("help", new(), "Type help to see what I can do."));
        var cohortIds = member.Cohorts.Select(c => c.Id).ToList();
        var hits = cohortIds.Count == 0 ? [] : await search.SearchAsync(cohortIds, question, top: 3, cancellationToken);
        var offered = await OfferedAsync(hits, cancellationToken);
        return TurnResponse.Reply(ResourceCards.Answer(question, offered, member.TimeZone));
    }

    private async Task<TurnResponse> BrowseAsync(Turn turn, Member member, string arguments, int page, CancellationToken cancellationToken)
    {
        var words = arguments.Trim();
        if (words.Length > 0 && !words.StartsWith('#'))
            return await AnswerAsync(turn, member, words, cancellationToken);
        var tag = words.Length > 0 ? words.TrimStart('#').Split(' ', 2)[0].ToLowerInvariant() : null;
        var cohortIds = member.Cohorts.Select(c => c.Id).ToList();
        var query = db.Resources.AsNoTracking().Where(r => cohortIds.Contains(r.CohortId) && r.Status == ResourceStatus.Active);
        var all = await query.OrderByDescending(r => r.SharedAt).ThenByDescending(r => r.Id).ToListAsync(cancellationToken);
        if (tag is not null)
            all = [.. all.Where(r => r.Tags.Contains(tag))];
        var shown = all.Skip((page - 1) * PerPage).Take(PerPage).ToList();
        var names = await NamesAsync(shown.Select(r => r.SharedByMemberId), cancellationToken);
        var cohorts = member.Cohorts.ToDictionary(c => c.Id, c => c.Name);
        var heading = tag is null ? "Newest resources in your library" : $"Newest resources tagged #{tag}";
        var empty = tag is null ? "Your cohort's library is empty so far: your coach's links in the cohort's channel land here." : $"Nothing is tagged #{tag} yet.";
        var card = ResourceCards.List(heading, empty, [.. shown.Select(r => (r, cohorts.GetValueOrDefault(r.CohortId, ""), r.SharedByMemberId is { } by ? names.GetValueOrDefault(by) : null))], member.TimeZone, tag, page, all.Count, PerPage);
        return page == 1 ? TurnResponse.Reply(card) : TurnResponse.Replace(card);
    }

    private async Task<TurnResponse> ActionAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        switch (turn.Verb)
        {
            case More:
                var tag = turn.Data.Value("tag") is { Length: > 0 } t ? "#" + t : "";
                return await BrowseAsync(turn, member, tag, int.TryParse(turn.Data.Value("page"), out var page) && page > 0 ? page : 1, cancellationToken);
            case Vote:
                return await VoteAsync(turn, member, cancellationToken);
            case Ask:
                return await AskCoachAsync(turn, member, cancellationToken);
            case Review:
                return await ReviewAsync(turn, member, cancellationToken);
            case Save:
                return await SaveAsync(turn, member, cancellationToken);
            default:
                return TurnResponse.Nothing;
        }
    }

    private async Task<TurnResponse> VoteAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        var question = turn.Data.Value("q") ?? "";
        if (!int.TryParse(turn.Data.Value("resourceId"), out var resourceId)
            || await db.Resources.FirstOrDefaultAsync(r => r.Id == resourceId, cancellationToken) is not { } resource
            || !member.Cohorts.Any(c => c.Id == resource.CohortId))
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("I can't find that resource any more."));
        var helpful = turn.Data.Value("helpful") == "yes";
        await library.VoteAsync(resource, member.Id, question, helpful, cancellationToken);
        return TurnResponse.ReplyPrivately(CheckInCards.Notice(helpful
            ? $"Thanks: \"{resource.Title}\" will come up sooner for questions like yours."
            : $"Thanks: \"{resource.Title}\" will come up less for questions like yours. Ask my coach if you still need help."));
    }

    private async Task<TurnResponse> AskCoachAsync(Turn turn, Member member, CancellationToken cancellationToken)
    {
        var question = turn.Data.Value("q");
        if (string.IsNullOrWhiteSpace(question))
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("Write your question to me first, then press Ask my coach."));
        var offeredIds = (turn.Data.Value("offered") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.TryParse(s, out var i) ? i : 0).Where(i => i > 0).ToList();
        var offered = await db.Resources.AsNoTracking().Where(r => offeredIds.Contains(r.Id)).ToListAsync(cancellationToken);
        var cohortId = offered.Select(r => (int?)r.CohortId).FirstOrDefault(c => member.Cohorts.Any(m => m.Id == c)) ?? member.Cohorts.OrderBy(c => c.Id).Select(c => (int?)c.Id).FirstOrDefault();
        if (cohortId is null)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("You are not in a cohort yet, so there is no coach to ask."));
        var cohort = await db.Cohorts.Include(c => c.Members).SingleAsync(c => c.Id == cohortId, cancellationToken);
        var duplicate = await db.SupportRequests.AnyAsync(r => r.Question && r.MemberId == member.Id && r.Challenge == question && r.RepliedAt == null, cancellationToken);
        if (duplicate)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("Your coach has this question already; their answer will come here."));
        var coach = await alerts.AskAsync(cohort, member, question, [.. offeredIds.Select(id => offered.FirstOrDefault(r => r.Id == id)).OfType<Resource>().Select(r => (r.Title, r.Url))], cancellationToken);
        return TurnResponse.ReplyPrivately(CheckInCards.Notice(coach is null ? "Sent to your coordinator: their answer will come here." : $"Sent to {coach}: their answer will come here."));
    }

    private async Task<TurnResponse> ReviewAsync(Turn turn, Member coach, CancellationToken cancellationToken)
    {
        if (!int.TryParse(turn.Data.Value("resourceId"), out var resourceId)
            || await db.Resources.Include(r => r.Cohort).FirstOrDefaultAsync(r => r.Id == resourceId, cancellationToken) is not { } resource)
            return TurnResponse.Replace(CheckInCards.Notice("I can't find that suggestion any more."));
        var cohort = resource.Cohort!;
        var mayDecide = coach.Role == MemberRole.Coordinator ? coach.DistrictId == cohort.DistrictId : coach.Role == MemberRole.Coach && coach.Cohorts.Any(c => c.Id == cohort.Id);
        if (!mayDecide)
            return TurnResponse.ReplyPrivately(CheckInCards.Notice("Only the cohort's coaches can approve a suggestion."));
        var teacher = await db.Members.SingleAsync(m => m.Id == resource.SharedByMemberId, cancellationToken);
        if (resource.Status != ResourceStatus.Proposed)
            return TurnResponse.Replace(ResourceCards.Review(resource, teacher, cohort, resource.Status == ResourceStatus.Active ? "Already approved." : "Already decided."));
        var approve = turn.Data.Value("decision") == "approve";
        resource.Status = approve ? ResourceStatus.Active : ResourceStatus.Retired;
        resource.UpdatedAt = time.GetUtcNow();
        ResourceLibrary.Touch(cohort);
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), Actor = $"member:{coach.Id}", Action = approve ? "resource.approve" : "resource.reject", Subject = cohort.Name, DistrictId = cohort.DistrictId, DetailsJson = JsonSerializer.Serialize(new { resource = resource.Id }) });
        outbox.ToMember($"resource:{resource.Id}/decided", teacher.Id, CheckInCards.Notice(approve
            ? $"{coach.DisplayName} added your link to the library: {resource.Title}"
            : $"{coach.DisplayName} did not add your link to the library this time: {resource.Title}"));
        return TurnResponse.Replace(ResourceCards.Review(resource, teacher, cohort, approve ? $"Approved by {coach.DisplayName}." : $"Rejected by {coach.DisplayName}."));
    }

    private async Task<List<ResourceCards.Offered>> OfferedAsync(IReadOnlyList<Search.SearchHit> hits, CancellationToken cancellationToken)
    {
        var ids = hits.Select(h => h.ResourceId).ToList();
        var resources = await db.Resources.AsNoTracking().Where(r => ids.Contains(r.Id) && r.Status == ResourceStatus.Active).ToDictionaryAsync(r => r.Id, cancellationToken);
        var names = await NamesAsync(resources.Values.Select(r => r.SharedByMemberId), cancellationToken);
        return [.. hits.Where(h => resources.ContainsKey(h.ResourceId)).Select(h =>
        {
            var resource = resources[h.ResourceId];
            return new ResourceCards.Offered(resource, h.MatchedWords, resource.SharedByMemberId is { } by ? names.GetValueOrDefault(by) : null);
        })];
    }

    private async Task<Dictionary<int, string>> NamesAsync(IEnumerable<int?> memberIds, CancellationToken cancellationToken)
    {
        var ids = memberIds.OfType<int>().Distinct().ToList();
        return await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.DisplayName, cancellationToken);
    }

    private async Task<List<Cohort>> ChannelCohortsAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.ChannelId is not { } channelId)
            return [];
        // A Teams thread's conversation id carries ";messageid=…" after the channel's.
        var channel = channelId.Split(';')[0];
        var linked = await db.CohortChannels.AsNoTracking().Where(c => c.Platform == turn.Platform).Select(c => new { c.CohortId, c.ExternalId }).ToListAsync(cancellationToken);
        var ids = linked.Where(c => c.ExternalId.Split(';')[0] == channel).Select(c => c.CohortId).Distinct().ToList();
        return await db.Cohorts.Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
    }

    /// "share URL Some title #tag": the words after the link, without tags, are its title.
    private static string? TitleAfter(string arguments, string url)
    {
        var at = arguments.IndexOf(url, StringComparison.Ordinal);
        var rest = at < 0 ? "" : arguments[(at + url.Length)..];
        var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith('#') && w != ">" && w != "|").ToList();
        var title = string.Join(' ', words).Trim('>', '|', ' ');
        return title.Length >= 3 ? title : null;
    }

    private static MessageFormat Format(Turn turn) => turn.Platform == Platform.Slack ? MessageFormat.SlackMrkdwn : MessageFormat.TeamsHtml;

    public static string SourceKey(Turn turn, MessageRef message) =>
        $"{turn.Platform.ToString().ToLowerInvariant()}:{(turn.ChannelId ?? "").Split(';')[0]}:{message.MessageId}";

    private static string? SourceLink(Turn turn, MessageRef message)
    {
        var channel = (turn.ChannelId ?? "").Split(';')[0];
        if (turn.Platform == Platform.Slack)
        {
            var ts = message.MessageId.Split('/').Last();
            return $"https://slack.com/archives/{channel}/p{ts.Replace(".", "", StringComparison.Ordinal)}";
        }
        return $"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(channel)}/{Uri.EscapeDataString(message.MessageId)}";
    }

    private static TurnResponse Stranger() =>
        TurnResponse.ReplyPrivately(CheckInCards.Notice("I don't know you yet: ask your coordinator to add you to your cohort's roster."));
}
