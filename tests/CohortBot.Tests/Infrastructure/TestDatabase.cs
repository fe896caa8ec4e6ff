using Npgsql;

namespace CohortBot.Tests.Infrastructure;

/// A real, empty database for one test: a SQLite file, or a fresh database on the PostgreSQL
/// server that the test script starts (COHORTBOT_TEST_POSTGRES holds its admin connection string).
public abstract class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "COHORTBOT_TEST_POSTGRES";

    /// The providers every store test runs on.
    public static TheoryData<string> Providers => ["Sqlite", "Postgres"];

    public abstract string Provider { get; }
    public abstract string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(string provider) => provider switch
    {
        "Sqlite" => new SqliteTestDatabase(),
        "Postgres" => await PostgresTestDatabase.CreateAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteTestDatabase : TestDatabase
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"cohortbot-test-{Guid.NewGuid():N}.db");

        public override string Provider => "Sqlite";
        public override string ConnectionString => $"Data Source={_path};Pooling=False";

        public override ValueTask DisposeAsync()
        {
            foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
                File.Delete(file);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresTestDatabase(string admin, string name) : TestDatabase
    {
        public override string Provider => "Postgres";
        public override string ConnectionString => new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;

        public static async Task<TestDatabase> CreateAsync()
        {
            var admin = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(admin))
                Assert.Fail($"{PostgresVariable} is not set: run the tests with scripts/test.sh, which starts a PostgreSQL server and sets it.");

            var name = $"cohortbot_test_{Guid.NewGuid():N}";
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
            return new PostgresTestDatabase(admin, name);
        }

        public override async ValueTask DisposeAsync()
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
