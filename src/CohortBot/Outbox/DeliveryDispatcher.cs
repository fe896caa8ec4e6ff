using System.Threading.Channels;

namespace CohortBot.Outbox;

/// Sends deliveries the moment their unit of work is saved, in this process, so nobody waits for
/// the minutely sweep and no request waits for a platform. The deliveries were saved already claimed
/// (<see cref="DeliveryJob.Claim"/>): what this queue loses in a crash, the sweep sends when the
/// lease runs out. A clean stop loses and repeats nothing: it takes nothing more from the queue,
/// lets the sends under way finish and be recorded (one cut off mid-call may have gone, and would
/// go again after its lease), and hands back what it had not begun, for the next instance to send
/// at once.
internal sealed class DeliveryDispatcher(IServiceScopeFactory scopes, ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    /// Sends under way at once: they wait on the platforms (and their pacing), not on the processor.
    private const int Senders = 8;

    private readonly Channel<Claimed> _queue = Channel.CreateUnbounded<Claimed>(new UnboundedChannelOptions { SingleWriter = false });

    /// Cancelled only when the host runs out of time to stop: until then sends under way go on.
    private readonly CancellationTokenSource _inFlight = new();

    public void Dispatch(IEnumerable<Delivery> saved)
    {
        foreach (var delivery in saved)
        {
            if (delivery.LeaseUntil is { } lease)
                _queue.Writer.TryWrite(new Claimed(delivery.Id, lease));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using var deadline = cancellationToken.Register(_inFlight.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _inFlight.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendAllAsync(stoppingToken)));
        await HandBackAsync();
    }

    private async Task SendAllAsync(CancellationToken stoppingToken)
    {
        var reader = _queue.Reader;
        try
        {
            // Not ReadAllAsync: it goes on yielding what is queued after its token is cancelled.
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                if (stoppingToken.IsCancellationRequested)
                    return;
                if (!reader.TryRead(out var claimed))
                    continue;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendLeasedAsync(claimed.Id, claimed.Lease, _inFlight.Token);
                }
                catch (OperationCanceledException) when (_inFlight.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception failure)
                {
                    // The delivery stays claimed until its lease ends; then the sweep sends it.
                    Log.DispatchFailed(logger, failure, claimed.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// Gives back the claims of what is still queued. Anything dispatched after this (a request
    /// finishing during the stop) waits for its lease to run out.
    private async Task HandBackAsync()
    {
        var unstarted = new List<(int Id, DateTimeOffset Lease)>();
        while (_queue.Reader.TryRead(out var claimed))
            unstarted.Add((claimed.Id, claimed.Lease));
        if (unstarted.Count == 0)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DeliveryJob>().ReleaseAsync(unstarted, _inFlight.Token);
        }
        catch (Exception failure)
        {
            Log.HandBackFailed(logger, failure, unstarted.Count);
        }
    }

    private readonly record struct Claimed(int Id, DateTimeOffset Lease);
}
