using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels.Slack;

/// Which signed Slack requests the bot serves: those from a district's workspace (its team id, an
/// authorization's team, or the Enterprise Grid org) and, when <c>Slack:AppId</c> is set, for this
/// app. The signature proves Slack sent a request, not that it comes from a district; the rest is
/// acknowledged and dropped (nothing stored, nothing routed), logged once per workspace.
internal sealed class SlackGate(DistrictTenants tenants, IOptions<SlackChannelOptions> options, ILogger<SlackGate> logger)
{
    private readonly ConcurrentDictionary<string, byte> _refused = new(StringComparer.Ordinal);

    /// The district workspace the request comes from, or null when it is not ours to serve.
    public async ValueTask<string?> WorkspaceAsync(string? apiAppId, IEnumerable<string?> teamIds, CancellationToken cancellationToken)
    {
        var ids = teamIds.Where(id => !string.IsNullOrEmpty(id)).ToList();
        if (options.Value.AppId is { Length: > 0 } appId && !string.Equals(apiAppId, appId, StringComparison.Ordinal))
        {
            Refuse($"app:{apiAppId}", () => Log.SlackAppRefused(logger, apiAppId ?? "(none)"));
            return null;
        }
        if (await tenants.SlackWorkspaceAsync(ids, cancellationToken) is { } workspace)
            return workspace;
        var named = string.Join(",", ids);
        Refuse(named, () => Log.SlackWorkspaceRefused(logger, named.Length == 0 ? "(none)" : named));
        return null;
    }

    private void Refuse(string key, Action log)
    {
        if (_refused.Count < 10_000 && _refused.TryAdd(key, 0))
            log();
    }
}
