using System.Text;
using CohortBot.Cohorts.Roster;
using CohortBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Cohorts;

public sealed class RosterLimitsTests : IDisposable
{
    private const string Header = "district: Riverside\ntimeZone: America/Chicago\n";
    private const string AliasesRefused = "aliases are not allowed in a district file: write each entry out";

    private readonly RosterFiles _files = new();

    public void Dispose() => _files.Dispose();

    // An alias bomb that expanded would not finish at all; the timeout turns that into a failure.
    [Fact(Timeout = 60_000)]
    public async Task Import_AliasBomb_IsRefusedAtTheFirstAliasAndImportsNothing()
    {
        await using var app = await StartAsync("Sqlite");
        // About 15 KB: nine levels of 250 aliases each to the level below stand for 10 × 250^9 choices.
        var yaml = new StringBuilder(Header + "questionSets:\n  - name: laughs\n    questions:\n");
        yaml.Append("      - key: lol0\n        kind: multiple choice\n        prompt: lol\n        choices: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            var aliases = string.Join(", ", Enumerable.Repeat($"*lol{level - 1}", 250));
            yaml.Append($"      - key: lol{level}\n        kind: multiple choice\n        prompt: lol\n        choices: &lol{level} [{aliases}]\n");
        }
        var path = _files.Write("laughs.yaml", yaml.ToString());

        var report = await ImportAsync(app, path, TestContext.Current.CancellationToken);

        Assert.Equal([$"line 13: {AliasesRefused}"], report.Problems.Select(p => p.ToString()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.Districts.CountAsync()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.QuestionSets.CountAsync()));
    }

    [Fact]
    public async Task Import_MemberReusingAnotherByAlias_IsRefusedAtTheAlias()
    {
        await using var app = await StartAsync("Sqlite");
        var path = _files.Write("district.yaml", Header + """
            members:
              - &teacher
                name: Alex Wilber
                email: alexw@example.com
                role: teacher
              - *teacher
            """);

        var report = await ImportAsync(app, path);

        Assert.Equal([$"line 8: {AliasesRefused}"], report.Problems.Select(p => p.ToString()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.Members.CountAsync()));
    }

    [Fact]
    public async Task Import_MergeKey_IsRefusedAtTheKey()
    {
        await using var app = await StartAsync("Sqlite");
        var path = _files.Write("district.yaml", Header + """
            members:
              - name: Alex Wilber
                email: alexw@example.com
                <<: { role: teacher }
            """);

        var report = await ImportAsync(app, path);

        Assert.Equal([$"line 6: {AliasesRefused}"], report.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public async Task Import_AnchorWithoutAliasAndQuotedMergeKeyText_Imports()
    {
        await using var app = await StartAsync("Sqlite");
        // An anchor nobody refers to expands nothing, and '<<' as a value is just text.
        var path = _files.Write("district.yaml", Header + """
            sites:
              - &north
                name: North
            members:
              - name: "<<"
                email: arrows@example.com
                role: coordinator
                site: North
            """);

        var report = await ImportAsync(app, path);

        Assert.True(report.Succeeded, report.ToString());
        Assert.Equal("<<", await app.WithStoreAsync(db => db.Members.Select(m => m.DisplayName).SingleAsync()));
    }

    [Fact]
    public async Task Import_KeyGivenTwice_IsRefusedAtTheSecond()
    {
        await using var app = await StartAsync("Sqlite");
        // Aliases are caught before the file is deserialized; a key given twice must still be caught by it.
        var path = _files.Write("district.yaml", Header + """
            members:
              - name: Alex Wilber
                email: alexw@example.com
                role: teacher
                email: someone.else@example.com
            """);

        var report = await ImportAsync(app, path);

        var problem = Assert.Single(report.Problems);
        Assert.Equal(7, problem.Line);
        Assert.Contains("duplicate key email", problem.Message, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithStoreAsync(db => db.Members.CountAsync()));
    }

    [Theory]
    [InlineData("district.yaml")]
    [InlineData("members.csv")]
    public async Task Import_FileOverTheSizeLimit_IsRefusedAndChangesNothing(string name)
    {
        await using var app = await StartAsync("Sqlite");
        await ImportAsync(app, RosterFiles.Demo);
        var start = name.EndsWith(".csv", StringComparison.Ordinal) ? "name,email,role\n" : Header;
        var path = _files.Write(name, Padded(start, RosterLimits.MaxFileBytes + 1));

        var report = await ImportAsync(app, path);

        Assert.Equal([RosterLimits.TooLarge], report.Problems);
        Assert.Equal("the file is larger than 1 MiB, the most one roster file may hold: split its members over several files", report.Problems[0].Message);
        Assert.Equal(["Demo Unified School District"], await app.WithStoreAsync(db => db.Districts.Select(d => d.Name).ToListAsync()));
    }

    [Fact]
    public void Read_TextOverTheSizeLimit_IsRefusedByEitherReader()
    {
        // A reader is handed text, not a file: it counts what it reads rather than trust a length it was told.
        var district = Padded(Header, RosterLimits.MaxFileBytes + 1);
        var members = Padded("name,email,role\n", RosterLimits.MaxFileBytes + 1);

        Assert.Equal([RosterLimits.TooLarge], YamlRosterReader.Read(new StringReader(district)).Problems);
        Assert.Equal([RosterLimits.TooLarge], CsvRosterReader.Read(new StringReader(members)).Problems);
    }

    [Fact]
    public void Read_TextOverTheSizeLimitOnlyInUtf8_IsRefused()
    {
        // Fewer characters than the limit has bytes, but most of them take two bytes in UTF-8.
        var text = Header + "# " + new string('é', ((RosterLimits.MaxFileBytes + 1 - Header.Length - 2) / 2) + 1) + "\n";
        Assert.True(text.Length < RosterLimits.MaxFileBytes);

        Assert.Equal([RosterLimits.TooLarge], YamlRosterReader.Read(new StringReader(text)).Problems);
    }

    [Fact]
    public void Read_TextExactlyAtTheSizeLimit_IsRead()
    {
        var (file, problems) = YamlRosterReader.Read(new StringReader(Padded(Header, RosterLimits.MaxFileBytes)));

        Assert.Empty(problems);
        Assert.Equal("Riverside", file!.District);
    }

    [Theory]
    [InlineData("sites", "site", RosterLimits.MaxSites, "500 sites, and this is site 501")]
    [InlineData("cohorts", "cohort", RosterLimits.MaxCohorts, "500 cohorts, and this is cohort 501")]
    [InlineData("questionSets", "question set", RosterLimits.MaxQuestionSets, "500 question sets, and this is question set 501")]
    [InlineData("members", "member", RosterLimits.MaxMembers, "20,000 members, and this is member 20,001")]
    public async Task Import_ListOnePastItsLimit_IsRefusedAtTheEntryPastIt(string key, string entry, int limit, string expected)
    {
        await using var app = await StartAsync("Sqlite");
        var yaml = new StringBuilder(Header).Append(key).Append(":\n");
        for (var i = 0; i <= limit; i++)
            yaml.Append($"  - name: {entry} {i}\n");
        var path = _files.Write("district.yaml", yaml.ToString());

        var report = await ImportAsync(app, path);

        // Header is two lines and the key a third, so entry i is on line 4 + i.
        Assert.Equal([$"line {4 + limit}: one file may list at most {expected}"], report.Problems.Select(p => p.ToString()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.Districts.CountAsync()));
    }

    [Fact]
    public async Task Import_CsvOnePastTheMemberLimit_IsRefusedAtTheRowPastIt()
    {
        await using var app = await StartAsync("Sqlite");
        await ImportAsync(app, RosterFiles.Demo);
        // Rows this short are the only ones that reach the member limit within the size limit.
        var csv = new StringBuilder("name,email,role\n");
        for (var i = 0; i <= RosterLimits.MaxMembers; i++)
            csv.Append($"T{i},t{i}@example.com,teacher\n");
        var path = _files.Write("members.csv", csv.ToString());

        var report = await ImportAsync(app, path);

        // The header is line 1, so member 20,001 is on line 20,002.
        Assert.Equal(["line 20002: one file may list at most 20,000 members, and this is member 20,001"], report.Problems.Select(p => p.ToString()));
        Assert.Equal(9, await app.WithStoreAsync(db => db.Members.CountAsync()));
    }

    [Fact]
    public async Task Import_QuestionSetsPastTheirLimits_ReportEachAtItsLine()
    {
        await using var app = await StartAsync("Sqlite");
        var longPrompt = new string('p', RosterLimits.MaxPromptLength + 1);
        var longChoice = "Station Rotation with " + new string('c', RosterLimits.MaxChoiceLength);
        var yaml = new StringBuilder(Header + "questionSets:\n");
        // Line 4.
        yaml.Append("  - name: survey\n    questions:\n");
        for (var i = 0; i <= RosterLimits.MaxQuestionsPerSet; i++)
            yaml.Append($"      - {{ key: q{i}, kind: text, prompt: Question {i} }}\n");
        // Line 37, after the 31 questions on lines 6 to 36.
        yaml.Append("  - name: weekly\n    questions:\n");
        // Line 39: too many choices.
        yaml.Append($"      - key: models\n        kind: multiple choice\n        prompt: Which models?\n        choices: [{string.Join(", ", Enumerable.Range(1, RosterLimits.MaxChoicesPerQuestion + 1).Select(i => $"model {i}"))}]\n");
        // Line 43: a prompt too long.
        yaml.Append($"      - key: essay\n        kind: text\n        prompt: {longPrompt}\n");
        // Line 46: a choice too long.
        yaml.Append($"      - key: pick\n        kind: single choice\n        prompt: Which one?\n        choices: [short, \"{longChoice}\"]\n");
        var path = _files.Write("district.yaml", yaml.ToString());

        var report = await ImportAsync(app, path);

        Assert.Equal(
            [
                "line 4: question set 'survey' has 31 questions; a check-in asks at most 30",
                "line 39: question 'models' has 26 choices; a question offers at most 25",
                "line 43: the prompt of question 'essay' is 501 characters long; a prompt may be at most 500",
                $"line 46: choice '{longChoice[..40]}…' of question 'pick' is 162 characters long; a choice may be at most 140",
            ],
            report.Problems.Select(p => p.ToString()));
        Assert.Equal(0, await app.WithStoreAsync(db => db.QuestionSets.CountAsync()));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Import_EverythingExactlyAtItsLimit_Imports(string provider)
    {
        await using var app = await StartAsync(provider);
        var prompt = new string('p', RosterLimits.MaxPromptLength);
        var choices = Enumerable.Range(1, RosterLimits.MaxChoicesPerQuestion).Select(i => $"{i:D2}" + new string('c', RosterLimits.MaxChoiceLength - 2)).ToList();
        var yaml = new StringBuilder(Header + "sites:\n");
        for (var i = 0; i < RosterLimits.MaxSites; i++)
            yaml.Append($"  - name: Site {i}\n");
        yaml.Append($"questionSets:\n  - name: full\n    questions:\n      - key: q0\n        kind: multiple choice\n        prompt: {prompt}\n        choices: [{string.Join(", ", choices)}]\n");
        for (var i = 1; i < RosterLimits.MaxQuestionsPerSet; i++)
            yaml.Append($"      - {{ key: q{i}, kind: text, prompt: Question {i} }}\n");
        var path = _files.Write("district.yaml", yaml.ToString());

        var report = await ImportAsync(app, path);

        Assert.True(report.Succeeded, report.ToString());
        Assert.Equal(RosterLimits.MaxSites, await app.WithStoreAsync(db => db.Sites.CountAsync()));
        var full = await app.WithStoreAsync(db => db.QuestionSets.SingleAsync(s => s.Name == "full"));
        Assert.Equal(RosterLimits.MaxQuestionsPerSet, full.Questions.Count);
        var first = full.Questions.Single(q => q.Key == "q0");
        Assert.Equal(prompt, first.Prompt);
        Assert.Equal(choices, first.Choices);
    }

    /// A file of exactly this many UTF-8 bytes: the start, then comment lines.
    private static string Padded(string start, int bytes)
    {
        var text = new StringBuilder(start, bytes);
        while (text.Length < bytes)
        {
            var left = bytes - text.Length;
            text.Append('#', Math.Min(left - 1, 99)).Append('\n');
        }
        return text.ToString();
    }

    private static async Task<CohortBotApp> StartAsync(string provider)
    {
        var app = new CohortBotApp(await TestDatabase.CreateAsync(provider));
        _ = app.Server; // starts the host: migrations run
        return app;
    }

    private static Task<ImportReport> ImportAsync(CohortBotApp app, string path) => ImportAsync(app, path, TestContext.Current.CancellationToken);

    private static async Task<ImportReport> ImportAsync(CohortBotApp app, string path, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(path, "test", cancellationToken);
    }
}
