namespace CohortBot.Cohorts.Following;

/// Someone in a followed team or channel the sync could not make a member, and why.
internal sealed record Unmatched(string Name, string Reason);

/// What one sync changed: who joined the cohort, who left it, who could not be matched; or why it
/// could not run (<see cref="Error"/>, and then nothing changed).
internal sealed record SyncReport(IReadOnlyList<string> Joined, IReadOnlyList<string> Left, IReadOnlyList<Unmatched> Unmatched, string? Error = null)
{
    public static SyncReport Failed(string error) => new([], [], [], error);

    public bool Succeeded => Error is null;

    public bool Changed => Joined.Count > 0 || Left.Count > 0;
}
