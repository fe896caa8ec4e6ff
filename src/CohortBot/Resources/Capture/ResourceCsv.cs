using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using static System.FormattableString;

namespace CohortBot.Resources.Capture;

/// One resource of a bulk load, checked and ready to store. Line is where its row starts in the file
/// (the first such row, when the same address came twice for a cohort); Title is derived from the
/// address when the file gave none.
internal sealed record ResourceRow(int Line, string Url, string NormalizedUrl, string Title, string? Description, IReadOnlyList<string> Tags, string Cohort);

/// Why a file was refused, at its line and column (no column for the file or its header as a whole).
internal sealed record ResourceCsvError(int Line, string Column, string Message)
{
    public override string ToString() =>
        Line <= 0 ? Message
        : Column.Length == 0 ? Invariant($"line {Line}: {Message}")
        : Invariant($"line {Line}, {Column}: {Message}");
}

/// Resources from a CSV file with a header row: url, title, description, tags, cohort, in any order.
/// Headers are matched ignoring case, spaces, '_' and '-'; url and cohort are required. Tags are
/// separated by spaces, commas or ';', with or without '#'. The same address twice for one cohort is
/// one resource with the tags of both. All or nothing: a file with any error gives no rows, so that an
/// import never stores half a file. Whether each cohort exists is for the caller, which has the store.
internal static partial class ResourceCsv
{
    // As for rosters (RosterLimits): the whole file is held and checked before anything is stored. A row
    // with a description runs to a few hundred bytes, so 1 MiB holds thousands of resources; a library
    // larger than that comes in several files.
    public const int MaxFileBytes = 1024 * 1024;
    public const int MaxRows = 20_000;

    private const string Expected = "url, title, description, tags, cohort";
    private static readonly string[] Known = ["url", "title", "description", "tags", "cohort"];
    private static readonly string[] Required = ["url", "cohort"];

    public static (IReadOnlyList<ResourceRow> Rows, IReadOnlyList<ResourceCsvError> Errors) Read(TextReader text)
    {
        if (ReadAtMost(text, MaxFileBytes) is not { } content)
            return Refused(new ResourceCsvError(0, "", "the file is larger than 1 MiB, the most one resource file may hold: split it into several files"));

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
            MissingFieldFound = null,
        };

        // A StreamReader drops the byte order mark spreadsheets write; text handed over as a string may still carry it.
        using var csv = new CsvReader(new StringReader(content.TrimStart('\uFEFF')), configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            return Refused(new ResourceCsvError(1, "", $"the file is empty: expected a header row ({Expected})"));

        var errors = new List<ResourceCsvError>();
        var columns = Columns(header, csv.Parser.RawRow, errors);
        if (errors.Count > 0)
            return Refused([.. errors]);

        var rows = new List<ResourceRow>();
        var titleGiven = new List<bool>();
        var byCohort = new Dictionary<string, Dictionary<string, int>>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        while (csv.Read())
        {
            var line = StartLine(csv.Parser);
            var fields = Known.ToDictionary(c => c, c => columns.TryGetValue(c, out var i) && csv.TryGetField<string>(i, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null);

            // Spreadsheets save the rows they once formatted as lines of bare commas.
            if (fields.Values.All(v => v is null))
                continue;

            // Stop at the first row too many rather than check every row of a file that is refused anyway.
            if (++count > MaxRows)
                return Refused(new ResourceCsvError(line, "", Invariant($"one file may list at most {MaxRows:N0} resources, and this is resource {MaxRows + 1:N0}")));

            if (Check(line, fields, errors) is not { } row)
                continue;

            var urls = byCohort.TryGetValue(row.Cohort, out var known) ? known : byCohort[row.Cohort] = new(StringComparer.Ordinal);
            if (!urls.TryGetValue(row.NormalizedUrl, out var first))
            {
                urls[row.NormalizedUrl] = rows.Count;
                rows.Add(row);
                titleGiven.Add(fields["title"] is not null);
                continue;
            }

            var merged = Merge(rows[first], titleGiven[first], row, fields["title"] is not null);
            if (merged.Tags.Count > ResourceLinks.MaxTags)
            {
                errors.Add(new ResourceCsvError(line, "tags", Invariant(
                    $"with line {rows[first].Line} (the same address for the same cohort), the resource has {merged.Tags.Count} tags; a resource may have at most {ResourceLinks.MaxTags}")));
                continue;
            }

            rows[first] = merged;
            titleGiven[first] |= fields["title"] is not null;
        }

        return errors.Count > 0 ? Refused([.. errors]) : (rows, []);
    }

    private static (IReadOnlyList<ResourceRow>, IReadOnlyList<ResourceCsvError>) Refused(params ResourceCsvError[] errors) => ([], errors);

    private static Dictionary<string, int> Columns(string[] header, int line, List<ResourceCsvError> errors)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = HeaderName(header[i]);
            if (!Known.Contains(name))
                errors.Add(new ResourceCsvError(line, "", $"unknown column '{header[i]}' (known: {Expected})"));
            else if (!columns.TryAdd(name, i))
                errors.Add(new ResourceCsvError(line, "", $"column '{name}' appears twice"));
        }

        foreach (var missing in Required.Where(r => !columns.ContainsKey(r)))
            errors.Add(new ResourceCsvError(line, "", $"missing column '{missing}'"));
        return columns;
    }

    private static ResourceRow? Check(int line, Dictionary<string, string?> fields, List<ResourceCsvError> errors)
    {
        var before = errors.Count;
        void Error(string column, string message) => errors.Add(new ResourceCsvError(line, column, message));

        var url = fields["url"];
        if (url is null)
            Error("url", "no web address: every resource needs one (http or https)");
        else if (url.Length > ResourceLinks.MaxUrlLength)
            Error("url", Invariant($"the web address is {url.Length:N0} characters long; it may be at most {ResourceLinks.MaxUrlLength:N0}"));
        else if (!ResourceLinks.IsWebAddress(url))
            Error("url", $"'{Shown(url)}' is not a web address (http or https)");

        var cohort = fields["cohort"];
        if (cohort is null)
            Error("cohort", "no cohort: say which cohort the resource is for");

        var title = fields["title"] is { } given ? Spaces().Replace(given, " ") : null;
        if (title is { Length: > ResourceLinks.MaxTitleLength })
            Error("title", Invariant($"the title is {title.Length:N0} characters long; a title may be at most {ResourceLinks.MaxTitleLength}"));

        var description = fields["description"]?.ReplaceLineEndings("\n");
        if (description is { Length: > ResourceLinks.MaxDescriptionLength })
            Error("description", Invariant($"the description is {description.Length:N0} characters long; a description may be at most {ResourceLinks.MaxDescriptionLength:N0}"));

        var tags = Tags(fields["tags"]);
        if (tags.Count > ResourceLinks.MaxTags)
            Error("tags", Invariant($"{tags.Count} tags; a resource may have at most {ResourceLinks.MaxTags}"));
        foreach (var tag in tags)
        {
            if (tag.Length > ResourceLinks.MaxTagLength)
                Error("tags", Invariant($"tag '{Shown(tag, 20)}' is {tag.Length} characters long; a tag may be at most {ResourceLinks.MaxTagLength}"));
            else if (!TagPattern().IsMatch(tag))
                Error("tags", $"'{Shown(tag)}' is not a tag: a tag is letters, digits, '-' and '_'");
        }

        if (errors.Count > before)
            return null;
        return new ResourceRow(line, url!, ResourceLinks.Normalize(url!), title ?? ResourceLinks.TitleFromUrl(url!), description, tags, cohort!);
    }

    // The first row keeps its place and words; a later row adds its tags, and a title or description the first lacked.
    private static ResourceRow Merge(ResourceRow first, bool firstTitleGiven, ResourceRow later, bool laterTitleGiven) =>
        first with
        {
            Title = firstTitleGiven || !laterTitleGiven ? first.Title : later.Title,
            Description = first.Description ?? later.Description,
            Tags = [.. first.Tags.Union(later.Tags)],
        };

    // Lower-cased like the hashtags of a message, so that #K5 in Slack and "K5" in a file are one tag.
    private static List<string> Tags(string? field) =>
        field is null ? [] : [.. TagSeparator().Split(field).Select(t => t.TrimStart('#').ToLowerInvariant()).Where(t => t.Length > 0).Distinct()];

    private static string HeaderName(string header) =>
        new([.. header.Where(c => c is not (' ' or '_' or '-' or '\uFEFF')).Select(char.ToLowerInvariant)]);

    // CsvHelper counts the line a record ends on; a quoted field may have carried it over several.
    private static int StartLine(IParser parser) => parser.RawRow - LineBreak().Count(parser.RawRecord.TrimEnd('\r', '\n'));

    private static string Shown(string value, int max = 60)
    {
        var oneLine = Spaces().Replace(value, " ");
        return oneLine.Length <= max ? oneLine : oneLine[..(max - 1)] + "\u2026";
    }

    /// The whole text, or null once it holds more than maxBytes (counted as UTF-8): a stream has no
    /// length to trust, and a file can grow between being measured and being read.
    private static string? ReadAtMost(TextReader text, int maxBytes)
    {
        var buffer = new char[64 * 1024];
        var all = new StringBuilder();
        long bytes = 0;
        int read;
        while ((read = text.Read(buffer)) > 0)
        {
            bytes += Encoding.UTF8.GetByteCount(buffer.AsSpan(0, read));
            if (bytes > maxBytes)
                return null;
            all.Append(buffer, 0, read);
        }

        return all.ToString();
    }

    [GeneratedRegex(@"[\s,;]+")]
    private static partial Regex TagSeparator();

    [GeneratedRegex(@"^[\p{L}\p{N}_-]+$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex LineBreak();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
