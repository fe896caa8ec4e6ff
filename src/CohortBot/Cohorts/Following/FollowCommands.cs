using CohortBot.CheckIns;
using CohortBot.Storage;
using CohortBot.Turns;

namespace CohortBot.Cohorts.Following;

/// The coordinators' commands for rosters that follow the platforms: <c>follow COHORT</c> written in
/// the team's channel (mentioning the bot) or the Slack channel (<c>/cohort follow COHORT</c>) makes
/// the cohort follow it; <c>sync COHORT</c> syncs it now; <c>unfollow COHORT</c> stops following (the
/// members stay). Syncs run as jobs: the answer never waits on the platform. Anyone else is refused
/// politely and nothing changes.
internal sealed class FollowCommands(CohortDbContext db, CohortFollowing following, IEnumerable<IGroupRoster> rosters) : ITurnHandler
{
    public static readonly string[] Commands = ["follow", "unfollow", "sync"];

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var member = await Coordinators.MemberAsync(db, turn, cancellationToken);
        if (!member.IsCoordinator())
            return Coordinators.Refusal(turn.Command switch
            {
                "sync" => "sync a cohort with its team or channel: nothing changed",
                _ => "make a cohort follow a team or channel: nothing changed",
            });
        var match = await Coordinators.FindCohortAsync(db, member, turn.Arguments, cancellationToken);
        if (match.Cohort is not { } cohort)
            return Coordinators.NoCohort(match, turn.Arguments);
        var actor = $"member:{member.Id}";

        switch (turn.Command)
        {
            case "follow":
                if (turn.Conversation == ConversationKind.Personal || turn.ChannelId is not { } channelId || rosters.FirstOrDefault(r => r.Platform == turn.Platform) is not { } roster)
                    return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Write \"follow {cohort.Name}\" in the team's channel (mention me there) or in the Slack channel (/cohort follow {cohort.Name}) whose members should be the cohort's."));
                var follow = new Follow(turn.Platform, roster.GroupOf(channelId));
                if (await following.FollowAsync(cohort.Id, follow, member.Id, cancellationToken) is { } problem)
                    return TurnResponse.ReplyPrivately(CheckInCards.Notice(problem));
                return TurnResponse.Reply(CheckInCards.Notice($"{cohort.Name} now follows the members of this {(turn.Platform == Outbox.Platform.Teams ? "team" : "channel")}: those who join become its members, those who leave are no longer asked. The coordinators get the list of changes after each sync (every night, or \"sync {cohort.Name}\")."));
            case "unfollow":
                return TurnResponse.ReplyPrivately(CheckInCards.Notice(await following.UnfollowAsync(cohort.Id, member.Id, cancellationToken)
                    ? $"{cohort.Name} follows no team or channel any more; its members stay as they are."
                    : $"{cohort.Name} follows no team or channel, so nothing changed."));
            default: // sync
                if (await following.FollowingAsync(cohort.Id, cancellationToken) is not { } current)
                    return TurnResponse.ReplyPrivately(CheckInCards.Notice($"{cohort.Name} follows no team or channel: write \"follow {cohort.Name}\" in the one it should follow."));
                following.EnqueueSync(cohort.Id, actor);
                return TurnResponse.ReplyPrivately(CheckInCards.Notice($"Syncing {cohort.Name} with {current.Describe()} now; if anyone joined or left, the list comes to you when it is done."));
        }
    }
}
