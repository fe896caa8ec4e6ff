namespace CohortBot;

/// Every log line the app writes. Event ids are grouped by component: 1xxx hosting and storage,
/// 2xxx cohorts, 3xxx outbox, 4xxx Teams channel, 5xxx Slack channel. Nothing here takes a secret, a token or a teacher's free text.
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database ready ({Provider})")]
    public static partial void DatabaseReady(ILogger logger, Storage.DatabaseProvider provider);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Seeding from {Path}")]
    public static partial void Seeding(ILogger logger, string path);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Roster {File} imported: {Summary}")]
    public static partial void RosterImported(ILogger logger, string file, Cohorts.Roster.ImportReport summary);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Roster {File} refused with {Count} problem(s); nothing changed")]
    public static partial void RosterRefused(ILogger logger, string file, int count);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Delivery {DeliveryId} on {Platform}: the recipient cannot be reached; not retried")]
    public static partial void DeliveryUnreachable(ILogger logger, int deliveryId, Outbox.Platform platform);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} on {Platform} failed (attempt {Attempt}, final: {Final}): {Error}")]
    public static partial void DeliveryFailed(ILogger logger, int deliveryId, Outbox.Platform platform, int attempt, bool final, string error);
}
