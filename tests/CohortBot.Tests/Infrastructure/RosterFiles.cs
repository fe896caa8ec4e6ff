namespace CohortBot.Tests.Infrastructure;

/// Roster files written to a temporary folder, and the repository's own samples.
public sealed class RosterFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cohortbot-roster-").FullName;

    public static string Demo => Path.Combine(AppContext.BaseDirectory, "samples", "demo-district.yaml");

    public string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
