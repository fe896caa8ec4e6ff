using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CohortBot.Storage;

/// SQLite lets one connection write at a time. A second writer is told "busy", and
/// Microsoft.Data.Sqlite then puts its thread to sleep for 150 ms before it tries again: under
/// concurrent requests, most of a request's time went to those sleeps. The writers of this process
/// therefore queue here for the one write lock, asynchronously: a <c>SaveChanges</c> holds it from
/// start to end, and a bulk command (<c>ExecuteUpdate</c>, <c>ExecuteDelete</c>, raw SQL) for its
/// own run. Reads never wait (the database is in WAL mode, so readers and the writer do not block).
/// A transaction a feature begins itself (a seat taken by a conditional update together with the
/// booking that holds it) holds the lock from its start to its commit or rollback: SQLite keeps its
/// own write lock that long, and a writer let in between would wait on SQLite while the transaction
/// waited here for it. The commands and saves inside such a transaction do not queue again.
internal sealed class SqliteWriteGate : ISaveChangesInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// The contexts inside a SaveChanges (which holds the lock for every command it runs).
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    /// The bulk commands holding the lock (EF may report a command both canceled and failed).
    private readonly ConditionalWeakTable<DbCommand, object> _holding = [];

    /// The contexts inside a transaction they began themselves (which holds the lock until it ends).
    private readonly ConditionalWeakTable<DbContext, object> _transacting = [];

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (InTransaction(eventData.Context))
            return result;
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        Enter(eventData.Context);
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (InTransaction(eventData.Context))
            return result;
        _lock.Wait();
        Enter(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Leave(eventData.Context);
        return result;
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Leave(eventData.Context);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Leave(eventData.Context);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => Leave(eventData.Context);

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (!IsSaving(eventData.Context))
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            _holding.AddOrUpdate(command, this);
        }
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (!IsSaving(eventData.Context))
        {
            _lock.Wait();
            _holding.AddOrUpdate(command, this);
        }
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ReleaseCommand(command);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ReleaseCommand(command);
        return result;
    }

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData)
    {
        if (eventData.ExecuteMethod == DbCommandMethod.ExecuteNonQuery)
            ReleaseCommand(command);
    }

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandCanceled(command, eventData);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData)
    {
        if (eventData.ExecuteMethod == DbCommandMethod.ExecuteNonQuery)
            ReleaseCommand(command);
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        // SaveChanges begins its own transaction while it holds the lock already.
        if (eventData.Context is { } context && !IsSaving(context))
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
            _transacting.AddOrUpdate(context, this);
        }
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (eventData.Context is { } context && !IsSaving(context))
        {
            _lock.Wait();
            _transacting.AddOrUpdate(context, this);
        }
        return result;
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => EndTransaction(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => EndTransaction(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        EndTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => EndTransaction(eventData.Context);

    /// A transaction disposed without commit or rollback (SQLite rolls it back then) ends with its
    /// connection at the latest: the lock must not outlive it.
    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        EndTransaction(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        EndTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void Dispose() => _lock.Dispose();

    private bool InTransaction(DbContext? context) => context is not null && _transacting.TryGetValue(context, out _);

    private void EndTransaction(DbContext? context)
    {
        if (context is not null && _transacting.Remove(context))
            _lock.Release();
    }

    private void Enter(DbContext? context)
    {
        if (context is not null)
            _saving.AddOrUpdate(context, this);
    }

    private void Leave(DbContext? context)
    {
        if (context is not null && _saving.Remove(context))
            _lock.Release();
    }

    private bool IsSaving(DbContext? context) => context is not null && (_saving.TryGetValue(context, out _) || _transacting.TryGetValue(context, out _));

    private void ReleaseCommand(DbCommand command)
    {
        if (_holding.Remove(command))
            _lock.Release();
    }
}
