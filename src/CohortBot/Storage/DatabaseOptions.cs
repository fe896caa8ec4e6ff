using System.ComponentModel.DataAnnotations;
using System.Data.Common;

namespace CohortBot.Storage;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <c>Database</c> settings, with <c>ConnectionStrings:CohortBot</c> folded in.
internal sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";
    public const string ConnectionStringName = "CohortBot";
    public const string DefaultConnectionString = "Data Source=cohortbot.db";

    /// <c>Database:Provider</c>. When unset, the connection string decides: a PostgreSQL one
    /// (<c>Host=...</c>) switches to PostgreSQL.
    public DatabaseProvider? Provider { get; set; }

    /// <c>ConnectionStrings:CohortBot</c>.
    public string ConnectionString { get; set; } = DefaultConnectionString;

    public DatabaseProvider EffectiveProvider => Provider ?? (LooksLikePostgres(ConnectionString) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("ConnectionStrings:CohortBot is empty: give a SQLite file (Data Source=cohortbot.db) or a PostgreSQL connection string.");
            yield break;
        }

        DbConnectionStringBuilder parsed;
        try
        {
            parsed = new DbConnectionStringBuilder { ConnectionString = ConnectionString };
        }
        catch (ArgumentException)
        {
            // The text itself may hold a password: say where the problem is, not what it is.
            parsed = [];
        }

        if (parsed.Count == 0)
        {
            yield return new ValidationResult("ConnectionStrings:CohortBot is not a connection string (expected key=value pairs separated by ';').");
            yield break;
        }

        if (EffectiveProvider == DatabaseProvider.Sqlite && !parsed.ContainsKey("Data Source") && !parsed.ContainsKey("DataSource") && !parsed.ContainsKey("Filename"))
            yield return new ValidationResult("Database:Provider is Sqlite but ConnectionStrings:CohortBot has no 'Data Source' (for example Data Source=cohortbot.db).");

        if (EffectiveProvider == DatabaseProvider.Postgres && !LooksLikePostgres(ConnectionString))
            yield return new ValidationResult("Database:Provider is Postgres but ConnectionStrings:CohortBot has no 'Host' (for example Host=localhost;Database=cohortbot;Username=cohortbot).");
    }

    private static bool LooksLikePostgres(string connectionString)
    {
        try
        {
            var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
            return parsed.ContainsKey("Host") || parsed.ContainsKey("Server");
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
