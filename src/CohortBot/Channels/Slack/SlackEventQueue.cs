using System.Collections.Concurrent;
using System.Threading.Channels;
using CohortBot.Outbox;
using CohortBot.Storage;

namespace CohortBot.Channels.Slack;

/// Slack events waiting to be handled, in this process. An event is recorded in the inbox before
/// it is acknowledged, and that row is the durable part: this queue only hands it to a handler
/// straight away, without a job round trip. What the queue loses (a restart, a full queue, a
/// handler that failed) the minutely sweep (<see cref="SlackEventJob"/>) finds unhandled and
/// queues again.
internal sealed class SlackEventQueue(IServiceScopeFactory scopes, ILogger<SlackEventQueue> logger) : BackgroundService
{
    /// Events handled at once: Slack's Web API answers in tens to hundreds of milliseconds, and
    /// handlers wait for it, not for the processor.
    private const int Handlers = 8;

    /// Far more than Slack sends an app in the minute before the sweep would take over.
    private const int Capacity = 10_000;

    private readonly Channel<string> _events = Channel.CreateBounded<string>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    /// Queued or being handled: the sweep does not queue them twice.
    private readonly ConcurrentDictionary<string, byte> _pending = new(StringComparer.Ordinal);

    /// Queues an accepted event, unless it is queued already. When the queue is full, the sweep sees to it.
    public void Enqueue(string eventId)
    {
        if (!_pending.TryAdd(eventId, 0) || _events.Writer.TryWrite(eventId))
            return;
        _pending.TryRemove(eventId, out _);
        Log.SlackEventQueueFull(logger, Capacity);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Handlers).Select(_ => HandleAllAsync(stoppingToken)));

    private async Task HandleAllAsync(CancellationToken stoppingToken)
    {
        await foreach (var eventId in _events.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Inbox>().BeginAsync(Platform.Slack, eventId, stoppingToken);
                await scope.ServiceProvider.GetRequiredService<SlackAdapter>().HandleEventAsync(eventId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                // The event stays unhandled in the inbox: the sweep queues it again, a few times at most.
                Log.SlackEventFailed(logger, failure, eventId);
            }
            finally
            {
                _pending.TryRemove(eventId, out _);
            }
        }
    }
}
