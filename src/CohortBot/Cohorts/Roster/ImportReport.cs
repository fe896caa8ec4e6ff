namespace CohortBot.Cohorts.Roster;

/// What an import did: refused with its problems, or applied with what changed (nothing, the
/// second time the same file is imported).
internal sealed record ImportReport(IReadOnlyList<RosterProblem> Problems, IReadOnlyList<string> Changes)
{
    public bool Succeeded => Problems.Count == 0;

    public static ImportReport Refused(IEnumerable<RosterProblem> problems) => new([.. problems.OrderBy(p => p.Line)], []);

    public override string ToString() =>
        !Succeeded ? $"refused, nothing changed:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", Problems)}"
        : Changes.Count == 0 ? "nothing changed"
        : string.Join(", ", Changes);
}

/// What an import would do (<see cref="RosterImporter.PreviewAsync"/>): the report it would give, and
/// the file's members by what would happen to them.
internal sealed record ImportPreview(ImportReport Report, IReadOnlyList<string> Created, IReadOnlyList<string> Updated, int Unchanged);
