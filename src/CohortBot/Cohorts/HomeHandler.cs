using System.Text.Json.Nodes;
using CohortBot.Turns;

namespace CohortBot.Cohorts;

/// The <c>home</c> card, for platforms with a home page of the app (Slack's Home tab): the person's
/// cohort, their next check-in, their coach, and what they can ask.
internal sealed class HomeHandler(MemberOverview overview, HelpHandler help) : ITurnHandler
{
    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var data = await overview.DescribeAsync(turn.MemberId, turn.UserName, cancellationToken);
        data["onRoster"] = turn.MemberId is not null;
        data["commands"] = (await help.CardAsync(turn, cancellationToken)).Data["commands"]!.DeepClone();
        return TurnResponse.Reply(new CardMessage("home", data, $"Hi {data["firstName"]}: your cohort at a glance."));
    }
}
