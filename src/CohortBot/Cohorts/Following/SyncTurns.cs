using System.Collections.Concurrent;

namespace CohortBot.Cohorts.Following;

/// One sync of a cohort at a time in this process: `sync COHORT` written while the nightly or a
/// follow's first sync runs waits for it, then reads the roster it left (two syncs at once would
/// both add the same joiners and tell the coordinators twice).
internal sealed class SyncTurns
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _cohorts = new();

    public async Task<IDisposable> TakeAsync(int cohortId, CancellationToken cancellationToken)
    {
        var gate = _cohorts.GetOrAdd(cohortId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                gate.Release();
        }
    }
}
