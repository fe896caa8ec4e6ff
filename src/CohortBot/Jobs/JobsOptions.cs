namespace CohortBot.Jobs;

internal enum JobStorage
{
    InMemory,
    Postgres,
}

/// <c>Jobs</c> settings. Hangfire only executes; the tables are the truth, so the in-memory
/// storage of the embedded default loses nothing that matters on restart.
internal sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <c>Jobs:Storage</c>: <c>InMemory</c> or <c>Postgres</c> (in the database of
    /// <c>ConnectionStrings:CohortBot</c>, schema <c>hangfire</c>).
    public JobStorage Storage { get; set; } = JobStorage.InMemory;
}
