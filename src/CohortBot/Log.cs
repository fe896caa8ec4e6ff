namespace CohortBot;

/// Every log line the app writes. Event ids are grouped by component: 1xxx hosting and storage,
/// 2xxx cohorts, 3xxx outbox, 4xxx Teams channel, 5xxx Slack channel. Nothing here takes a secret, a token or a teacher's free text.
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database ready ({Provider})")]
    public static partial void DatabaseReady(ILogger logger, Storage.DatabaseProvider provider);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Seeding from {Path}")]
    public static partial void Seeding(ILogger logger, string path);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Demo history written: {Rounds} rounds, {CheckIns} check-ins, in {Milliseconds} ms")]
    public static partial void DemoHistoryWritten(ILogger logger, int rounds, int checkIns, long milliseconds);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Demo history not written: {Reason}")]
    public static partial void DemoHistorySkipped(ILogger logger, string reason);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Roster {File} imported: {Summary}")]
    public static partial void RosterImported(ILogger logger, string file, Cohorts.Roster.ImportReport summary);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Roster {File} refused with {Count} problem(s); nothing changed")]
    public static partial void RosterRefused(ILogger logger, string file, int count);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Round step {Step} ran")]
    public static partial void RoundStepRan(ILogger logger, string step);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Session {SessionId} step {Kind} {OffsetMinutes}m ran")]
    public static partial void SessionStepRan(ILogger logger, int sessionId, Series.SessionStepKind kind, int offsetMinutes);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} on {Platform} refused for good, not retried: {Reason}")]
    public static partial void DeliveryRefused(ILogger logger, int deliveryId, Outbox.Platform? platform, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} on {Platform} failed (attempt {Attempt}, final: {Final}): {Error}")]
    public static partial void DeliveryFailed(ILogger logger, int deliveryId, Outbox.Platform? platform, int attempt, bool final, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} could not be dispatched; the sweep sends it when its lease ends")]
    public static partial void DispatchFailed(ILogger logger, Exception exception, int deliveryId);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "{Count} inbound {Platform} event(s) failed {Attempts} times and were given up; their payloads are erased")]
    public static partial void InboxGaveUp(ILogger logger, int count, Outbox.Platform platform, int attempts);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "{Count} handled inbound event(s) pruned after the retention period")]
    public static partial void InboxPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Teams activity refused: {Reason}")]
    public static partial void TeamsUnauthorized(ILogger logger, string reason);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Teams activities from tenant {Tenant} are not served (not Teams:TenantId nor a district's teamsTenantId): answered 200 and dropped")]
    public static partial void TeamsTenantRefused(ILogger logger, string tenant);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Activities of channel {ChannelId} are not served (only msteams): answered 200 and dropped")]
    public static partial void TeamsChannelRefused(ILogger logger, string channelId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "A Teams activity named two different tenants (conversation and channelData): dropped")]
    public static partial void TeamsTenantsDisagree(ILogger logger);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Teams member records unavailable: {Status} {ErrorCode}")]
    public static partial void TeamsMembersUnavailable(ILogger logger, int status, string? errorCode);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Slack request refused: {Verification}")]
    public static partial void SlackRequestRefused(ILogger logger, CohortBot.Slack.SlackVerification verification);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Slack user details unavailable: {Error}")]
    public static partial void SlackUserUnavailable(ILogger logger, string error);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "A modal button was pressed on a message that is not one of our deliveries (or has no inputs); no modal opened")]
    public static partial void SlackModalSourceMissing(ILogger logger);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "The Slack event queue is full ({Capacity}); the sweep will handle the event")]
    public static partial void SlackEventQueueFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Slack requests from workspace {Workspace} are not served (no district's slackTeamId): acknowledged and dropped")]
    public static partial void SlackWorkspaceRefused(ILogger logger, string workspace);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Slack requests for app {AppId} are not served (Slack:AppId is another): acknowledged and dropped")]
    public static partial void SlackAppRefused(ILogger logger, string appId);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Slack event {EventId} failed; the sweep will try it again")]
    public static partial void SlackEventFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Cohort {CohortId} synced with the team or channel it follows: {Joined} joined, {Left} left, {Unmatched} not matched")]
    public static partial void FollowSynced(ILogger logger, int cohortId, int joined, int left, int unmatched);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Cohort {CohortId} could not be synced with the team or channel it follows ({Reason}); nothing changed, it is tried again")]
    public static partial void FollowSyncFailed(ILogger logger, int cohortId, string reason);
}
