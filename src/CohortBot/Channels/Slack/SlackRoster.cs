using CohortBot.Cohorts;
using CohortBot.Slack;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels.Slack;

/// Links Slack users to roster members: by Slack user id, else by the e-mail Slack has for them
/// (then the Slack id is remembered, so Slack is asked once). Changes join the caller's unit of work.
internal sealed class SlackRoster(CohortDbContext db, SlackApiClient slack, ILogger<SlackRoster> logger)
{
    public async Task<Member?> FindAsync(string? teamId, string? userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(userId))
            return null;
        var member = await MemberBySlackId(db, userId, teamId, cancellationToken);
        if (member is not null)
            return member;

        SlackUser user;
        try
        {
            user = await slack.GetUserInfoAsync(userId, cancellationToken);
        }
        catch (SlackApiException failure)
        {
            Log.SlackUserUnavailable(logger, failure.Error);
            return null;
        }
        if (user.IsBot || user.Profile?.Email is not { Length: > 0 } email)
            return null;

        var address = email.Trim().ToLowerInvariant();
        member = await db.Members.FirstOrDefaultAsync(m => m.Email == address, cancellationToken);
        if (member is null || (member.SlackUserId is not null && member.SlackUserId != userId))
            return null;
        member.SlackUserId = userId;
        member.SlackTeamId = teamId ?? user.TeamId ?? member.SlackTeamId;
        return member;
    }

    /// Asked on every Slack event and command, so compiled once rather than looked up in EF's query cache each time.
    private static readonly Func<CohortDbContext, string, string?, CancellationToken, Task<Member?>> MemberBySlackId =
        EF.CompileAsyncQuery((CohortDbContext db, string userId, string? teamId, CancellationToken _) =>
            db.Members.FirstOrDefault(m => m.SlackUserId == userId && (m.SlackTeamId == teamId || m.SlackTeamId == null)));

    /// The Slack user id of a member the bot has to reach first (a check-in, a nudge): known, or
    /// found by their roster e-mail and remembered. Null when Slack does not know the address.
    public async Task<string?> SlackUserIdAsync(Member member, CancellationToken cancellationToken)
    {
        if (member.SlackUserId is not null)
            return member.SlackUserId;
        var user = await slack.LookupUserByEmailAsync(member.Email, cancellationToken);
        if (user is null || user.Deleted || user.Id.Length == 0)
            return null;
        member.SlackUserId = user.Id;
        member.SlackTeamId ??= user.TeamId;
        return user.Id;
    }
}
