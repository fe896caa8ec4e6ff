using CohortBot.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Storage;

internal sealed class PostgresCohortDbContext(DbContextOptions<PostgresCohortDbContext> options) : CohortDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Keys are found by their beginning (DeliveryKeys), as a range: that needs them sorted byte by byte,
        // whatever the database's own locale.
        modelBuilder.Entity<Delivery>().Property(d => d.IdempotencyKey).UseCollation("C");
    }
}
