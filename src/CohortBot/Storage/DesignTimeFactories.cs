using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CohortBot.Storage;

// Used by `dotnet ef migrations add ... --context <X>CohortDbContext` only; no connection is opened.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCohortDbContext>
{
    public SqliteCohortDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCohortDbContext>().UseSqlite(DatabaseOptions.DefaultConnectionString).Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCohortDbContext>
{
    public PostgresCohortDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCohortDbContext>().UseNpgsql("Host=localhost;Database=cohortbot").Options);
}
