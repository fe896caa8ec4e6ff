using System.Threading.Channels;

namespace CohortBot.Outbox;

/// Sends deliveries the moment their unit of work is saved, in this process, so nobody waits for
/// the minutely sweep and no request waits for a platform. The deliveries were saved already claimed
/// (<see cref="DeliveryJob.Claim"/>): what this queue loses in a restart, the sweep sends when the
/// lease runs out.
internal sealed class DeliveryDispatcher(IServiceScopeFactory scopes, ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    /// Sends under way at once: they wait on the platforms (and their pacing), not on the processor.
    private const int Senders = 8;

    private readonly Channel<int> _queue = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleWriter = false });

    public void Dispatch(IEnumerable<Delivery> saved)
    {
        foreach (var delivery in saved.Where(d => d.LeaseUntil is not null))
            _queue.Writer.TryWrite(delivery.Id);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendAllAsync(stoppingToken)));

    private async Task SendAllAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendLeasedAsync(id, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                // The delivery stays claimed until its lease ends; then the sweep sends it.
                Log.DispatchFailed(logger, failure, id);
            }
        }
    }
}
