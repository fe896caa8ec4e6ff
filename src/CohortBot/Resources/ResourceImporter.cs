using System.Text.Json;
using CohortBot.Cohorts.Roster;
using CohortBot.Resources.Capture;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Resources;

/// Bulk-loads resources from a CSV (<c>url, title, description, tags, cohort</c>) with
/// <c>import FILE.csv</c>, as rosters are: every problem listed and nothing changed when any line is
/// wrong; importing the same file again changes nothing but the credits it already has.
internal sealed class ResourceImporter(CohortDbContext db, ResourceLibrary library, TimeProvider time)
{
    /// Whether a CSV's header names a <c>url</c> column: a resource list, not a member list.
    public static bool IsResourceList(string path)
    {
        using var text = File.OpenText(path);
        var header = text.ReadLine() ?? "";
        return header.TrimStart('\uFEFF').Split(',').Any(column => column.Trim().Trim('"').Equals("url", StringComparison.OrdinalIgnoreCase));
    }

    public async Task<ImportReport> ImportFileAsync(string path, string actor, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return ImportReport.Refused([new RosterProblem(0, $"no file at '{path}'")]);
        if (new FileInfo(path).Length > ResourceCsv.MaxFileBytes)
            return ImportReport.Refused([new RosterProblem(0, $"the file is larger than {ResourceCsv.MaxFileBytes / 1024 / 1024} MiB")]);
        IReadOnlyList<ResourceRow> rows;
        using (var text = File.OpenText(path))
        {
            var (read, errors) = ResourceCsv.Read(text);
            if (errors.Count > 0)
                return ImportReport.Refused(errors.Select(e => new RosterProblem(e.Line, e.Column.Length == 0 ? e.Message : $"{e.Column}: {e.Message}")));
            rows = read;
        }

        var cohorts = await db.Cohorts.ToListAsync(cancellationToken);
        var problems = new List<RosterProblem>();
        foreach (var row in rows)
        {
            var named = cohorts.Where(c => c.Name.Equals(row.Cohort.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            if (named.Count == 0)
                problems.Add(new RosterProblem(row.Line, $"cohort: no cohort is called '{row.Cohort}'"));
            else if (named.Count > 1)
                problems.Add(new RosterProblem(row.Line, $"cohort: '{row.Cohort}' names a cohort in more than one district"));
        }
        if (problems.Count > 0)
            return ImportReport.Refused(problems);

        var before = await db.Resources.CountAsync(cancellationToken);
        foreach (var row in rows)
        {
            var cohort = cohorts.Single(c => c.Name.Equals(row.Cohort.Trim(), StringComparison.OrdinalIgnoreCase));
            await library.AddAsync(cohort, null, row.Url, row.NormalizedUrl, row.Title, row.Description, row.Tags, new ResourceLibrary.Source(null, null), ResourceStatus.Active, cancellationToken);
        }
        var added = db.ChangeTracker.Entries<Resource>().Count(e => e.State == EntityState.Added);
        // One entry per cohort, so that `audit COHORT` finds the imports of each.
        foreach (var cohort in rows.Select(row => cohorts.Single(c => c.Name.Equals(row.Cohort.Trim(), StringComparison.OrdinalIgnoreCase))).Distinct())
        {
            var rowsOfCohort = rows.Count(row => row.Cohort.Trim().Equals(cohort.Name, StringComparison.OrdinalIgnoreCase));
            var addedToCohort = db.ChangeTracker.Entries<Resource>().Count(e => e.State == EntityState.Added && e.Entity.CohortId == cohort.Id);
            db.AuditLog.Add(new AuditEntry
            {
                At = time.GetUtcNow(),
                Actor = actor,
                Action = "resources.import",
                Subject = cohort.Name,
                DistrictId = cohort.DistrictId,
                DetailsJson = JsonSerializer.Serialize(new { file = Path.GetFileName(path), rows = rowsOfCohort, added = addedToCohort }),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        var known = rows.Count - added;
        return new ImportReport([], added == 0 && known == rows.Count && before > 0 ? [] : [$"{added} resource(s) added", .. known > 0 ? [$"{known} already in the library"] : Array.Empty<string>()]);
    }
}
