using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CohortBot.Storage;

/// A trace span per database command, named and tagged after OpenTelemetry's database
/// conventions. (The EF Core instrumentation package is not available; this is its core.)
/// Only the parameterised SQL is recorded, never parameter values.
internal sealed class CommandActivityInterceptor(string system) : DbCommandInterceptor
{
    public const string SourceName = "CohortBot.Storage";
    private static readonly ActivitySource Source = new(SourceName);
    private readonly ConcurrentDictionary<Guid, Activity> _running = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Stop(eventData.CommandId, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, eventData.Exception);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Stop(eventData.CommandId, null);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return Task.CompletedTask;
    }

    private void Start(DbCommand command, CommandEventData eventData)
    {
        var database = command.Connection?.Database;
        var activity = Source.StartActivity(string.IsNullOrEmpty(database) ? system : $"{system} {database}", ActivityKind.Client);
        if (activity is null)
            return;

        activity.SetTag("db.system.name", system);
        activity.SetTag("db.namespace", database);
        activity.SetTag("db.query.text", command.CommandText);
        _running[eventData.CommandId] = activity;
    }

    private void Stop(Guid commandId, Exception? error)
    {
        if (!_running.TryRemove(commandId, out var activity))
            return;

        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activity.SetTag("error.type", error.GetType().FullName);
        }

        activity.Dispose();
    }
}
