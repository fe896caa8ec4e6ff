namespace CohortBot.Slack;

/// <summary>Slack's published rate-limit tiers of Web API methods (per method, per workspace).</summary>
public enum SlackTier
{
    /// <summary>About 20 calls a minute, with bursts.</summary>
    Tier2 = 2,

    /// <summary>About 50 calls a minute, with bursts.</summary>
    Tier3 = 3,

    /// <summary>About 100 calls a minute, with bursts.</summary>
    Tier4 = 4,

    /// <summary><c>chat.postMessage</c>: about one a second per channel, several hundred a minute per workspace.</summary>
    PostMessage = 100,
}
