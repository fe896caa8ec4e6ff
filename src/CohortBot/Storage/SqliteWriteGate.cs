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
internal sealed class SqliteWriteGate : ISaveChangesInterceptor, IDbCommandInterceptor, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// The contexts inside a SaveChanges (which holds the lock for every command it runs).
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    /// The bulk commands holding the lock (EF may report a command both canceled and failed).
    private readonly ConditionalWeakTable<DbCommand, object> _holding = [];

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        Enter(eventData.Context);
        return result;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
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

    public void Dispose() => _lock.Dispose();

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

    private bool IsSaving(DbContext? context) => context is not null && _saving.TryGetValue(context, out _);

    private void ReleaseCommand(DbCommand command)
    {
        if (_holding.Remove(command))
            _lock.Release();
    }
}
