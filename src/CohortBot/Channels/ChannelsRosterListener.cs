using CohortBot.Channels.Identities;
using CohortBot.Channels.Slack;
using CohortBot.Cohorts.Roster;
using CohortBot.Slack;
using Hangfire;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels;

/// What the channels do after a roster import: serve the tenants and workspaces it named at once,
/// look again for the strangers it may have added, and link the district's Slack members who have
/// no Slack id yet by e-mail, in bulk, in a job of its own.
internal sealed class ChannelsRosterListener(DistrictTenants tenants, StrangerCache strangers, IBackgroundJobClient jobs, IOptions<SlackOptions> slack) : IRosterListener
{
    public void Imported(int districtId, bool hasSlackWorkspace)
    {
        tenants.Invalidate();
        strangers.Forget();
        if (hasSlackWorkspace && !string.IsNullOrWhiteSpace(slack.Value.BotToken))
            jobs.Enqueue<SlackIdentities>(job => job.LinkDistrictAsync(districtId, CancellationToken.None));
    }
}
