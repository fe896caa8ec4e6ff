namespace CohortBot.Nudges;

/// <c>Nudges</c> settings.
internal sealed class NudgeOptions
{
    public const string Section = "Nudges";

    /// <c>Nudges:CoolDown</c>: how soon a cohort may be nudged again without <c>--force</c>.
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromDays(1);
}
