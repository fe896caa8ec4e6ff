using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace CohortBot.Cohorts.Roster;

/// Members from a CSV file with a header row:
/// name, email, role, cohort, site, time zone, teams aad object id, slack user id, preferred platform.
/// Headers are matched ignoring case, spaces, '_' and '-'; several cohorts are separated by ';'.
internal static class CsvRosterReader
{
    private static readonly string[] Required = ["name", "email", "role"];
    private static readonly string[] Known = ["name", "email", "role", "cohort", "site", "timezone", "teamsaadobjectid", "slackuserid", "preferredplatform"];

    public static (RosterFile File, List<RosterProblem> Problems) Read(TextReader text)
    {
        var file = new RosterFile();
        var problems = new List<RosterProblem>();
        if (RosterLimits.ReadAll(text) is not { } content)
            return (file, [RosterLimits.TooLarge]);

        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = args => Normalize(args.Header),
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            BadDataFound = null,
        };

        using var csv = new CsvReader(new StringReader(content), configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
        {
            problems.Add(new RosterProblem(1, "the file is empty: expected a header row (name, email, role, cohort, site, time zone, teams aad object id, slack user id, preferred platform)"));
            return (file, problems);
        }

        var headers = csv.HeaderRecord.Select(Normalize).ToList();
        foreach (var unknown in csv.HeaderRecord.Where(h => !Known.Contains(Normalize(h))))
            problems.Add(new RosterProblem(1, $"unknown column '{unknown}' (known: name, email, role, cohort, site, time zone, teams aad object id, slack user id, preferred platform)"));
        foreach (var missing in Required.Where(r => !headers.Contains(r)))
            problems.Add(new RosterProblem(1, $"missing column '{missing}'"));
        if (problems.Count > 0)
            return (file, problems);

        while (csv.Read())
        {
            // Stop at the first row too many rather than hold every row of a file that will be refused anyway.
            if (file.Members.Count == RosterLimits.MaxMembers)
                return (file, [RosterLimits.OnePastLimit(csv.Parser.RawRow, RosterLimits.MaxMembers, "member")]);

            string? Field(string name) => headers.Contains(name) && csv.TryGetField<string>(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

            var aad = Field("teamsaadobjectid");
            var slack = Field("slackuserid");
            file.Members.Add(new MemberEntry
            {
                Line = csv.Parser.RawRow,
                Name = Field("name"),
                Email = Field("email"),
                Role = Field("role"),
                Site = Field("site"),
                TimeZone = Field("timezone"),
                Cohorts = Field("cohort")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() ?? [],
                PreferredPlatform = Field("preferredplatform"),
                Teams = aad is null ? null : new TeamsEntry { AadObjectId = aad },
                Slack = slack is null ? null : new SlackEntry { UserId = slack },
            });
        }

        return (file, problems);
    }

    private static string Normalize(string header) =>
        new(header.Where(c => c is not (' ' or '_' or '-')).Select(char.ToLowerInvariant).ToArray());
}
