namespace CohortBot.Cards.BlockKit;

/// <summary>Hands out ids unique within one rendering and within Slack's 255-character limit.</summary>
internal sealed class IdRegistry
{
    private readonly HashSet<string> taken = new(StringComparer.Ordinal);

    public string Claim(string preferred)
    {
        var id = preferred.Length == 0 ? "id" : preferred;
        if (id.Length <= SlackLimits.Id && taken.Add(id))
            return id;

        // Room for the suffix; the number keeps a cut id distinct from an uncut one that happens to share its prefix.
        id = id[..Math.Min(id.Length, SlackLimits.Id - 12)];
        for (var n = 2; ; n++)
        {
            var candidate = $"{id}_{n}";
            if (taken.Add(candidate))
                return candidate;
        }
    }
}
