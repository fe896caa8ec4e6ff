using System.Threading.Channels;

namespace CohortBot.Outbox;

/// Sends deliveries the moment their unit of work is saved, in this process, so nobody waits for
/// the minutely sweep and no request waits for a platform. The deliveries were saved already claimed
/// (<see cref="DeliveryJob.Claim"/>): what this queue loses in a crash, the sweep sends when the
/// lease runs out. A clean stop loses and repeats nothing: it takes nothing more from the queue,
/// lets the sends under way finish and be recorded (one cut off mid-call may have gone, and would
/// go again after its lease), and hands back what it had not begun, for the next instance to send
/// at once. A batch too large to claim at once (<see cref="DeliveryJob.ClaimAtOnce"/>) starts a
/// sweep here instead, as does every start: what a crash left due is sent as soon as the app is up.
internal sealed class DeliveryDispatcher(IServiceScopeFactory scopes, TimeProvider time, ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    /// Sends under way at once: they wait on the platforms (and their pacing), not on the processor.
    private const int Senders = 8;

    private readonly Channel<Claimed> _queue = Channel.CreateUnbounded<Claimed>(new UnboundedChannelOptions { SingleWriter = false });

    /// Asks for a sweep; requests made while one is asked for already are one.
    private readonly Channel<bool> _sweeps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// Cancelled only when the host runs out of time to stop: until then sends under way go on.
    private readonly CancellationTokenSource _inFlight = new();

    /// Sends and sweeps under way.
    private int _busy;

    /// Whether nothing is queued, asked for or under way here.
    public bool IsIdle => Volatile.Read(ref _busy) == 0 && _queue.Reader.Count == 0 && _sweeps.Reader.Count == 0;

    public void Dispatch(IEnumerable<Delivery> saved)
    {
        var now = time.GetUtcNow();
        foreach (var delivery in saved)
        {
            if (delivery.LeaseUntil is { } lease)
                _queue.Writer.TryWrite(new Claimed(delivery.Id, lease));
            else if (delivery.NotBefore is null || delivery.NotBefore <= now)
                _sweeps.Writer.TryWrite(true);
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
        _sweeps.Writer.TryWrite(true);
        await Task.WhenAll([.. Enumerable.Range(0, Senders).Select(_ => SendAllAsync(stoppingToken)), SweepAsync(stoppingToken)]);
        await HandBackAsync();
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _sweeps.Reader.WaitToReadAsync(stoppingToken))
            {
                Interlocked.Increment(ref _busy);
                _sweeps.Reader.TryRead(out _);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendDueAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The minutely sweep is behind this one.
                    Log.SweepFailed(logger, failure);
                }
                finally
                {
                    Interlocked.Decrement(ref _busy);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
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
                Interlocked.Increment(ref _busy);
                if (!reader.TryRead(out var claimed))
                {
                    Interlocked.Decrement(ref _busy);
                    continue;
                }
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
                finally
                {
                    Interlocked.Decrement(ref _busy);
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
