using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Channels;

/// The Microsoft 365 tenants and Slack workspaces the bot serves: the districts' own (and
/// <c>Teams:TenantId</c>). A signed request proves the platform sent it, not that it comes from a
/// district; whatever comes from elsewhere is dropped before anything is read or stored. Read from
/// the store at most every few seconds, and at once after a roster import.
internal sealed class DistrictTenants(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;

    public async ValueTask<bool> IsTeamsTenantAsync(string? tenantId, CancellationToken cancellationToken) =>
        tenantId is { Length: > 0 } && (await CurrentAsync(cancellationToken)).Teams.Contains(tenantId);

    /// True when any of the ids a Slack request names (team, enterprise, authorizations) is a district's workspace.
    public async ValueTask<bool> IsSlackWorkspaceAsync(IEnumerable<string?> teamIds, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        return teamIds.Any(id => id is { Length: > 0 } && snapshot.Slack.Contains(id));
    }

    /// The district workspace among the ids a Slack request names, for linking people in it.
    public async ValueTask<string?> SlackWorkspaceAsync(IEnumerable<string?> teamIds, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        return teamIds.FirstOrDefault(id => id is { Length: > 0 } && snapshot.Slack.Contains(id));
    }

    /// Forgets what was read, so the next request sees a roster just imported.
    public void Invalidate() => _snapshot = null;

    /// <c>Teams:TenantId</c>, served even before a district names it.
    public string? ConfiguredTeamsTenant { get; init; }

    private async ValueTask<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } snapshot && now - snapshot.ReadAt < Fresh)
            return snapshot;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CohortDbContext>();
        var districts = await db.Districts.AsNoTracking().Select(d => new { d.TeamsTenantId, d.SlackTeamId }).ToListAsync(cancellationToken);
        var teams = new HashSet<string>(districts.Select(d => d.TeamsTenantId).OfType<string>(), StringComparer.OrdinalIgnoreCase);
        if (ConfiguredTeamsTenant is { Length: > 0 } configured)
            teams.Add(configured);
        var slack = new HashSet<string>(districts.Select(d => d.SlackTeamId).OfType<string>(), StringComparer.Ordinal);
        return _snapshot = new Snapshot(teams, slack, now);
    }

    private sealed record Snapshot(HashSet<string> Teams, HashSet<string> Slack, DateTimeOffset ReadAt);
}
