using System.ComponentModel.DataAnnotations;

namespace CohortBot.Storage;

/// <c>Storage</c> settings.
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <c>Storage:InboxRetention</c>: how long handled inbound events (and what is left of them) are kept.
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "Storage:InboxRetention must be between a minute and a year.")]
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);
}
