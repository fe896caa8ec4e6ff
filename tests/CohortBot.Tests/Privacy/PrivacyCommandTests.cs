using System.Text.Json.Nodes;
using CohortBot.Tests.Infrastructure;

namespace CohortBot.Tests.Privacy;

/// <c>privacy export</c> and <c>privacy erase</c> at the console, as an operator runs them.
public sealed class PrivacyCommandTests
{
    [Fact]
    public async Task Privacy_ExportThenEraseAsTheCoordinator_PrintsTheMemberThenErasesThem_AndAReimportSkipsThem()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        await RunAsync(database, "import", RosterFiles.Demo);

        var export = await RunAsync(database, "privacy", "export", "diegos@example.com", "--as", "meganb@example.com");
        var unconfirmed = await RunAsync(database, "privacy", "erase", "diegos@example.com", "--as", "meganb@example.com");
        var byTeacher = await RunAsync(database, "privacy", "erase", "diegos@example.com", "--as", "alexw@example.com", "--yes");
        var erase = await RunAsync(database, "privacy", "erase", "diegos@example.com", "--as", "meganb@example.com", "--yes");
        var reimport = await RunAsync(database, "import", RosterFiles.Demo);

        Assert.Equal(0, export.ExitCode);
        Assert.Equal("Diego Siciliani", JsonNode.Parse(export.Output)!["profile"]!["name"]!.ToString());
        Assert.Equal((1, "erasing cannot be undone: add --yes to confirm"), (unconfirmed.ExitCode, unconfirmed.Error.Trim()));
        Assert.Equal((1, "only a coordinator may export or erase a member"), (byTeacher.ExitCode, byTeacher.Error.Trim()));
        Assert.Equal(0, erase.ExitCode);
        Assert.Contains("erased: ", erase.Output, StringComparison.Ordinal);
        Assert.Contains("1 platform identities", erase.Output, StringComparison.Ordinal);
        Assert.Equal((0, "demo-district.yaml: skipped 1 erased member"), (reimport.ExitCode, reimport.Output.Trim()));
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(TestDatabase database, params string[] args) => AppProcess.RunAsync(database, args);
}
