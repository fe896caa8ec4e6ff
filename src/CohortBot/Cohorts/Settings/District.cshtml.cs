using CohortBot.Cohorts.Roster;
using CohortBot.Storage;
using CohortBot.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Cohorts.Settings;

/// The district's page, for its coordinators: its cohorts and their settings, roster files uploaded
/// in the browser (checked whole, every problem by its line, and a preview before anything is
/// imported), and the school calendar. Uploaded files are read and forgotten, never stored.
[RequestSizeLimit(MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUploadBytes, ValueLengthLimit = MaxUploadBytes)]
internal sealed class DistrictModel(CohortDbContext db, RosterImporter importer) : PageModel
{
    /// A roster's limit, with room for the form around it (the preview sends the text back once).
    private const int MaxUploadBytes = RosterLimits.MaxFileBytes * 2 + 64 * 1024;

    public District District { get; private set; } = null!;
    public List<Cohort> Cohorts { get; } = [];
    public List<SchoolClosure> Closures { get; } = [];
    public List<QuestionSet> QuestionSets { get; } = [];

    /// The uploaded roster: its name and text (kept in the page between the preview and the import, never on the server).
    public string? FileName { get; private set; }
    public string? FileText { get; private set; }
    public IReadOnlyList<RosterProblem> Problems { get; private set; } = [];
    public ImportPreview? Preview { get; private set; }
    public ImportReport? Imported { get; private set; }
    public ImportReport? Calendar { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is null ? NotFound() : Page();

    /// Reads an uploaded roster and shows what importing it would change, or its problems by line.
    public async Task<IActionResult> OnPostPreviewAsync(IFormFile? roster, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is null)
            return NotFound();
        if (roster is null || roster.Length == 0)
        {
            Problems = [new RosterProblem(0, "Choose a roster file (.yaml, .yml or .csv) to upload.")];
            return Page();
        }
        if (roster.Length > RosterLimits.MaxFileBytes)
        {
            FileName = Path.GetFileName(roster.FileName);
            Problems = [RosterLimits.TooLarge];
            return Page();
        }
        using var reader = new StreamReader(roster.OpenReadStream());
        var text = RosterLimits.ReadAll(reader);
        return await PreviewAsync(Path.GetFileName(roster.FileName), text, cancellationToken);
    }

    /// Imports the roster previewed (its text comes back with the form), checked again as it is now.
    public async Task<IActionResult> OnPostImportAsync(string? fileName, string? fileText, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } viewer)
            return NotFound();
        if (fileName is null || fileText is null)
            return await PreviewAsync(fileName ?? "", fileText, cancellationToken);
        var (file, problems) = RosterImporter.ReadUpload(fileName, fileText, District.Name);
        FileName = fileName;
        if (file is null)
        {
            FileText = fileText;
            Problems = problems;
            return Page();
        }
        Imported = await importer.ImportAsync(file, $"member:{viewer.MemberId}", cancellationToken);
        if (!Imported.Succeeded)
        {
            FileText = fileText;
            Problems = Imported.Problems;
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCalendarAsync(IFormFile? calendar, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } viewer)
            return NotFound();
        if (calendar is null || calendar.Length == 0)
        {
            Calendar = ImportReport.Refused([new RosterProblem(0, "Choose the school calendar (.ics) to upload.")]);
            return Page();
        }
        await using var stream = calendar.OpenReadStream();
        Calendar = await importer.ImportCalendarAsync(stream, Path.GetFileName(calendar.FileName), District.Id, $"member:{viewer.MemberId}", cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult> PreviewAsync(string fileName, string? text, CancellationToken cancellationToken)
    {
        FileName = fileName;
        if (text is null)
        {
            Problems = [RosterLimits.TooLarge];
            return Page();
        }
        FileText = text;
        var (file, problems) = RosterImporter.ReadUpload(fileName, text, District.Name);
        if (file is null)
        {
            Problems = problems;
            return Page();
        }
        Preview = await importer.PreviewAsync(file, cancellationToken);
        Problems = Preview.Report.Problems;
        return Page();
    }

    private async Task<Viewer?> LoadAsync(CancellationToken cancellationToken)
    {
        if (await Viewer.OfAsync(User, db, cancellationToken) is not { IsCoordinator: true } viewer)
            return null;
        District = await db.Districts.AsNoTracking().SingleAsync(d => d.Id == viewer.DistrictId, cancellationToken);
        Cohorts.Clear();
        Cohorts.AddRange(await db.Cohorts.AsNoTracking().Where(c => c.DistrictId == viewer.DistrictId).OrderBy(c => c.Name).ToListAsync(cancellationToken));
        Closures.Clear();
        Closures.AddRange(await db.SchoolClosures.AsNoTracking().Where(c => c.DistrictId == viewer.DistrictId).OrderBy(c => c.FirstDate).ToListAsync(cancellationToken));
        QuestionSets.Clear();
        QuestionSets.AddRange(await db.QuestionSets.AsNoTracking().Where(q => q.DistrictId == viewer.DistrictId).OrderBy(q => q.Name).ToListAsync(cancellationToken));
        return viewer;
    }

    /// The file's lines with their numbers and the problems found on each (line 0: the file as a whole).
    public IEnumerable<(int Number, string Text, IReadOnlyList<string> Problems)> Lines()
    {
        var byLine = Problems.GroupBy(p => p.Line).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p.Message)]);
        var lines = (FileText ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
            yield return (i + 1, lines[i], byLine.GetValueOrDefault(i + 1) ?? []);
    }
}
