namespace CohortBot.Hosting;

/// <c>CohortBot</c> settings.
internal sealed class CohortBotOptions
{
    public const string Section = "CohortBot";

    /// <c>CohortBot:Seed</c>: a district (YAML) or member (CSV) file imported at every start-up;
    /// importing is idempotent, so this keeps the store in line with the file. Relative paths are
    /// looked up from the working directory, then from the app's own folder.
    public string? Seed { get; set; }

    /// <c>CohortBot:DemoHistory</c>: after the seed, give the demo district (and only it) a history
    /// of past rounds and a previous year, once (<see cref="DemoHistory"/>), so there is something to
    /// look at on the first run. On in Development.
    public bool DemoHistory { get; set; }
}
