using System.Collections.Concurrent;
using CohortBot.Teams;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels.Teams;

/// Which authenticated activities the bot serves: those of Teams (<c>channelId</c> <c>msteams</c>;
/// in Development without <c>Teams:AppId</c> also the Bot Framework Emulator's), from a district's
/// tenant or <c>Teams:TenantId</c>, whose two tenant fields agree. Anything else is logged once per
/// tenant and dropped: nothing stored, nothing sent.
internal sealed class TeamsGate(DistrictTenants tenants, IOptions<BotFrameworkOptions> options, IHostEnvironment environment, ILogger<TeamsGate> logger)
{
    private const string Teams = "msteams";
    private const string Emulator = "emulator";

    private readonly ConcurrentDictionary<string, byte> _refusedTenants = new(StringComparer.OrdinalIgnoreCase);

    private bool EmulatorAllowed => environment.IsDevelopment() && string.IsNullOrWhiteSpace(options.Value.AppId);

    public async ValueTask<bool> ServesAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.ChannelId == Emulator && EmulatorAllowed)
            return true;
        if (activity.ChannelId != Teams)
        {
            Refuse($"channel:{activity.ChannelId}", () => Log.TeamsChannelRefused(logger, activity.ChannelId ?? ""));
            return false;
        }

        var conversationTenant = activity.Conversation?.TenantId;
        var channelDataTenant = activity.ChannelData?.Tenant?.Id;
        if (conversationTenant is not null && channelDataTenant is not null && !string.Equals(conversationTenant, channelDataTenant, StringComparison.OrdinalIgnoreCase))
        {
            Refuse($"mismatch:{conversationTenant}:{channelDataTenant}", () => Log.TeamsTenantsDisagree(logger));
            return false;
        }

        var tenant = activity.TenantId();
        if (await tenants.IsTeamsTenantAsync(tenant, cancellationToken))
            return true;
        Refuse(tenant ?? "", () => Log.TeamsTenantRefused(logger, tenant ?? "(none)"));
        return false;
    }

    /// Logs a refusal once per tenant or channel: a stranger's flood must not become a log flood.
    private void Refuse(string key, Action log)
    {
        if (_refusedTenants.Count < 10_000 && _refusedTenants.TryAdd(key, 0))
            log();
    }
}
