using CohortBot.Outbox;

namespace CohortBot.Storage;

/// An inbound platform event already handled: platforms redeliver, we act once.
internal sealed class ProcessedEvent
{
    public Platform Platform { get; set; }
    public required string EventId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
}
