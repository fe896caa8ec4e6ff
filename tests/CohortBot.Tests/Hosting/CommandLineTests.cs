using System.Diagnostics;
using CohortBot.Tests.Infrastructure;

namespace CohortBot.Tests.Hosting;

/// The app's own executable, run the way a coordinator runs it.
public sealed class CommandLineTests : IDisposable
{
    private readonly RosterFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Import_SameFileTwice_ReportsWhatItCreatedThenNothingChanged()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");

        var first = await RunAsync(database, "import", RosterFiles.Demo);
        var second = await RunAsync(database, "import", RosterFiles.Demo);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal("demo-district.yaml: created 1 PD series, 4 PD sessions, 1 cohort, 1 cohort channel, 8 cohort memberships, 1 cohort schedule, 1 district, 9 members, 11 platform links, 7 questions, 1 question set, 4 school closures, 2 sites, 2 visit slots", first.Output.Trim());
        Assert.Equal((0, "demo-district.yaml: nothing changed"), (second.ExitCode, second.Output.Trim()));
    }

    [Fact]
    public async Task Import_BadFile_FailsListingEveryProblemOnStandardError()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        await RunAsync(database, "import", RosterFiles.Demo);
        var path = _files.Write("members.csv", "name,email,role,cohort\nA,a@example,teacher,Blended Learning Cohort 2026\nB,b@example.com,principal,Blended Learning Cohort 2026\n");

        var result = await RunAsync(database, "import", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Contains("line 2: bad e-mail 'a@example'", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 3: unknown role 'principal' (teacher, coach or coordinator)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ResourceList_LoadsItOnceAndRefusesABadFileWhole()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        await RunAsync(database, "import", RosterFiles.Demo);
        var good = _files.Write("library.csv",
            "url,title,description,tags,cohort\n" +
            "https://example.org/stations?utm_source=mail,Station rotation starter,\"Three stations, one timer\",stationrotation k5,Blended Learning Cohort 2026\n" +
            "https://example.org/flip/,Flipped lesson planner,,flipped,blended learning cohort 2026\n");
        var bad = _files.Write("bad-library.csv",
            "url,title,cohort\n" +
            "https://example.org/ok,Fine,Blended Learning Cohort 2026\n" +
            "htp:/broken,Broken,Blended Learning Cohort 2026\n" +
            "https://example.org/elsewhere,Elsewhere,No Such Cohort\n");

        var first = await RunAsync(database, "import", good);
        var again = await RunAsync(database, "import", good);
        var refused = await RunAsync(database, "import", bad);

        Assert.Equal((0, "library.csv: 2 resource(s) added"), (first.ExitCode, first.Output.Trim()));
        Assert.Equal((0, "library.csv: nothing changed"), (again.ExitCode, again.Output.Trim()));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("line 3", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Fine", refused.Output, StringComparison.Ordinal);
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var query = connection.CreateCommand();
        query.CommandText = "SELECT NormalizedUrl FROM Resources ORDER BY Id";
        var urls = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                urls.Add(reader.GetString(0));
        Assert.Equal(["https://example.org/stations", "https://example.org/flip"], urls);
    }

    [Fact]
    public async Task Import_NoSuchFile_FailsSayingSo()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");

        var result = await RunAsync(database, "import", "/nonexistent/district.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no file at '/nonexistent/district.yaml'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardsRender_WithItsSampleData_PrintsTheExpandedCard()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");

        var result = await RunAsync(database, "cards", "render", "welcome");

        Assert.Equal(0, result.ExitCode);
        var card = System.Text.Json.Nodes.JsonNode.Parse(result.Output)!;
        Assert.Equal("Welcome, Alex!", (string?)card["body"]![0]!["text"]);
        Assert.DoesNotContain("${", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CardsRender_ForSlack_PrintsBlockKitWithItsTextFallback()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");

        var result = await RunAsync(database, "cards", "render", "help", "--target", "slack");

        Assert.Equal(0, result.ExitCode);
        var message = System.Text.Json.Nodes.JsonNode.Parse(result.Output)!;
        Assert.Contains("What I can do", (string?)message["text"], StringComparison.Ordinal);
        var first = message["blocks"]![0]!;
        Assert.Equal(("header", "What I can do"), ((string?)first["type"], (string?)first["text"]!["text"]));
    }

    [Fact]
    public async Task CardsRender_DataMissingABinding_PrintsTheCardAndFailsNamingIt()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        var data = _files.Write("data.json", """{ "intervalText": "week" }""");

        var result = await RunAsync(database, "cards", "render", "welcome", "--data", data);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Welcome, ${firstName}!", result.Output, StringComparison.Ordinal);
        Assert.Contains("unresolved: ${firstName}", result.Error, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(TestDatabase database, params string[] args) => AppProcess.RunAsync(database, args);
}
