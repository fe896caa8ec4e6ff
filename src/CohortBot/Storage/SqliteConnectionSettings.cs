using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CohortBot.Storage;

/// Settings SQLite keeps per connection, applied whenever one is opened. In WAL mode
/// <c>synchronous = NORMAL</c> syncs the log at checkpoints instead of at every commit: a commit
/// survives the process crashing or being killed (it is in the log the moment it returns) and may
/// be lost only to the machine losing power, which is SQLite's own advice for WAL. With FULL, each
/// reply waited for three disk flushes one after another. (Deployments that must survive power
/// loss at every commit run on PostgreSQL.)
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
