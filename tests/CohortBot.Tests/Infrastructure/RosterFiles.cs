namespace CohortBot.Tests.Infrastructure;

/// Roster files written to a temporary folder, and the repository's own samples.
public sealed class RosterFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cohortbot-roster-").FullName;

    public static string Demo => Path.Combine(AppContext.BaseDirectory, "samples", "demo-district.yaml");

    /// Writes a file to the folder; a district file gets the demo's school calendar beside it, as the demo has.
    public string Write(string name, string text)
    {
        var calendar = Path.Combine(_folder, "demo-calendar.ics");
        if (!File.Exists(calendar))
            File.Copy(Path.Combine(AppContext.BaseDirectory, "samples", "demo-calendar.ics"), calendar);
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
