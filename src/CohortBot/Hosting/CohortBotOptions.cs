namespace CohortBot.Hosting;

/// <c>CohortBot</c> settings.
internal sealed class CohortBotOptions
{
    public const string Section = "CohortBot";

    /// <c>CohortBot:Seed</c>: a district (YAML) or member (CSV) file imported at every start-up;
    /// importing is idempotent, so this keeps the store in line with the file. Relative paths are
    /// looked up from the working directory, then from the app's own folder.
    public string? Seed { get; set; }
}
