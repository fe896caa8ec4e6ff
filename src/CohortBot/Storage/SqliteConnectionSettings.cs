using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CohortBot.Storage;

/// Settings SQLite keeps per connection, applied once to each physical connection (the pool hands
/// the same one out again and again; each open would otherwise cost a statement). In WAL mode
/// <c>synchronous = NORMAL</c> syncs the log at checkpoints instead of at every commit: a commit
/// survives the process crashing or being killed (it is in the log the moment it returns) and may
/// be lost only to the machine losing power, which is SQLite's own advice for WAL. With FULL, each
/// reply waited for three disk flushes one after another. (Deployments that must survive power
/// loss at every commit run on PostgreSQL.)
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous = NORMAL;";

    /// The native connections already set up; an entry goes when its connection is collected.
    private readonly ConditionalWeakTable<object, object?> _applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (IsSetUp(connection))
            return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        MarkSetUp(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (IsSetUp(connection))
            return;
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        MarkSetUp(connection);
    }

    // A native connection is in one logical connection at a time, so check and mark cannot race.
    private bool IsSetUp(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && _applied.TryGetValue(handle, out _);

    private void MarkSetUp(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
            _applied.AddOrUpdate(handle, null);
    }
}
