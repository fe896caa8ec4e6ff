using CohortBot.Outbox;

namespace CohortBot.Storage;

/// An inbound platform event, recorded when it arrives: platforms redeliver, we act once. The row is
/// written before the request is acknowledged, so the work survives a restart; its payload is
/// cleared once the work is done, so nobody's words are kept longer than needed.
internal sealed class ProcessedEvent
{
    public Platform Platform { get; set; }
    public required string EventId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }

    /// The event as it arrived, until it has been handled.
    public string? Payload { get; set; }

    public DateTimeOffset? HandledAt { get; set; }

    /// The district workspace or tenant the event came from, as the gate found it on arrival.
    public string? Workspace { get; set; }

    /// Handlings begun: an event that keeps failing is given up after <see cref="Inbox.MaxAttempts"/>.
    public int Attempts { get; set; }

    /// Set when the event was given up (its payload erased with it).
    public DateTimeOffset? GivenUpAt { get; set; }
}
