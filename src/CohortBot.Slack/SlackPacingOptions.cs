using System.ComponentModel.DataAnnotations;

namespace CohortBot.Slack;

/// <summary>
/// Client-side pacing of Web API calls, so a fan-out waits for permits instead of living on HTTP 429. The defaults are Slack's
/// published limits per method per workspace; raise them (or turn pacing off) only against a fake.
/// </summary>
public sealed class SlackPacingOptions
{
    /// <summary>Whether calls are paced at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Calls per minute to each Tier 2 method.</summary>
    [Range(1, int.MaxValue)]
    public int Tier2PerMinute { get; set; } = 20;

    /// <summary>Calls per minute to each Tier 3 method.</summary>
    [Range(1, int.MaxValue)]
    public int Tier3PerMinute { get; set; } = 50;

    /// <summary>Calls per minute to each Tier 4 method.</summary>
    [Range(1, int.MaxValue)]
    public int Tier4PerMinute { get; set; } = 100;

    /// <summary><c>chat.postMessage</c> calls per minute across the workspace (Slack allows several hundred).</summary>
    [Range(1, int.MaxValue)]
    public int PostMessagePerMinute { get; set; } = 300;

    /// <summary><c>chat.postMessage</c> calls per minute to one channel (Slack allows about one a second).</summary>
    [Range(1, int.MaxValue)]
    public int PostMessagePerChannelPerMinute { get; set; } = 60;

    /// <summary>
    /// How many seconds of calls may go at once before pacing starts (the bucket's size is this many seconds of its rate, at least 1).
    /// </summary>
    [Range(0, 60)]
    public int BurstSeconds { get; set; } = 6;
}
