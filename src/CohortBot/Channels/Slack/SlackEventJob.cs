using CohortBot.Outbox;
using CohortBot.Storage;

namespace CohortBot.Channels.Slack;

/// The minutely sweep behind <see cref="SlackEventQueue"/>: events accepted a while ago and still
/// unhandled (the queue was lost in a restart, was full, or their handler failed) are queued again.
internal sealed class SlackEventJob(Inbox inbox, SlackEventQueue queue)
{
    /// How long an accepted event may wait in the queue before the sweep takes it.
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    public async Task HandlePendingAsync(CancellationToken cancellationToken)
    {
        foreach (var eventId in await inbox.PendingAsync(Platform.Slack, Grace, cancellationToken))
            queue.Enqueue(eventId);
    }
}
