namespace CohortBot;

/// The outbox's part of <see cref="Log"/> (3xxx), kept beside the code that writes it.
internal static partial class Log
{
    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} could not be sent by the sweep; it is tried again when its lease ends")]
    public static partial void SweepSendFailed(ILogger logger, Exception exception, int deliveryId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "{Count} queued delivery(ies) could not be handed back at the stop; they are sent when their leases end")]
    public static partial void HandBackFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "A sweep of the outbox failed; the minutely sweep sends what is due")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "What follows delivery {DeliveryId} (an observer) failed; it catches up on its own schedule")]
    public static partial void DeliveryObserverFailed(ILogger logger, Exception exception, int deliveryId);
}
