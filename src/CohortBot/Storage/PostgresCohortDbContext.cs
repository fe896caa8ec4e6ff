using Microsoft.EntityFrameworkCore;

namespace CohortBot.Storage;

internal sealed class PostgresCohortDbContext(DbContextOptions<PostgresCohortDbContext> options) : CohortDbContext(options);
