using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CohortBot.Bench.Rounds;

/// Reads CohortBot's SQLite file while it runs (WAL: a reader never blocks the writer), for what only
/// the app knows: the round it opened and the state of that round's check-in deliveries. Nothing is
/// written; each read opens and closes its own connection.
internal sealed class BotDatabase(string path)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 10 }.ToString();

    /// The id of the cohort's open round, if one is open.
    public async Task<int?> OpenRoundAsync() =>
        await ScalarAsync("SELECT Id FROM Rounds WHERE Status = 'Open' ORDER BY Id DESC LIMIT 1") is long id ? (int)id : null;

    /// The round's check-in deliveries by status (Pending, Sent, Failed, Unreachable, Cancelled).
    public async Task<Dictionary<string, int>> CheckInStatusesAsync(int round)
    {
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status, COUNT(*) FROM Deliveries WHERE IdempotencyKey LIKE $prefix AND IdempotencyKey LIKE '%/checkin' GROUP BY Status";
        command.Parameters.AddWithValue("$prefix", string.Create(CultureInfo.InvariantCulture, $"round:{round}/member:%"));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            statuses[reader.GetString(0)] = reader.GetInt32(1);
        return statuses;
    }

    /// How many Teams identities have a known 1:1 conversation.
    public async Task<int> KnownConversationsAsync() =>
        Convert.ToInt32(await ScalarAsync("SELECT COUNT(*) FROM Identities WHERE Platform = 'Teams' AND ConversationId IS NOT NULL"), CultureInfo.InvariantCulture);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
