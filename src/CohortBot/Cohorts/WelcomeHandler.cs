using CohortBot.Turns;

namespace CohortBot.Cohorts;

/// The <c>welcome</c> card, the first time someone installs the bot (and when they greet it): who
/// we are, their cohort, when the next check-in comes and who their coach is.
internal sealed class WelcomeHandler(MemberOverview overview) : ITurnHandler
{
    public static readonly string[] Greetings = ["hello", "hi", "hey", "hiya", "howdy", "good morning", "good afternoon", "good evening"];

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var data = await overview.DescribeAsync(turn.MemberId, turn.UserName, cancellationToken);
        return TurnResponse.Reply(new CardMessage("welcome", data, $"Welcome, {data["firstName"]}! I'm CohortBot: I'll check in with you every {data["intervalText"]}."));
    }
}
