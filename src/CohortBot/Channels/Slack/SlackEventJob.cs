using CohortBot.Outbox;
using CohortBot.Storage;
using Hangfire;

namespace CohortBot.Channels.Slack;

/// Handles Slack events after they were acknowledged. The inbox row written before the
/// acknowledgement is the durable part: if a job is lost (a restart with in-memory jobs), the
/// minutely sweep finds the row still unhandled and runs it again.
internal sealed class SlackEventJob(SlackAdapter adapter, Inbox inbox, IBackgroundJobClient jobs)
{
    /// How long an accepted event may wait for its job before the sweep takes it.
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    [AutomaticRetry(Attempts = 5)]
    public Task HandleAsync(string eventId, CancellationToken cancellationToken) =>
        adapter.HandleEventAsync(eventId, cancellationToken);

    public async Task HandlePendingAsync(CancellationToken cancellationToken)
    {
        foreach (var eventId in await inbox.PendingAsync(Platform.Slack, Grace, cancellationToken))
            jobs.Enqueue<SlackEventJob>(job => job.HandleAsync(eventId, CancellationToken.None));
    }
}
