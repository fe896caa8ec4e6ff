using System.Text.Json.Nodes;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Turns;

/// The <c>help</c> card: what the bot can do, worded for the platform the person is on, listing only
/// the commands some feature really answers and the person may use (a teacher's list for anyone
/// not on a roster; coaches and coordinators see theirs too). It also answers anything said to the
/// bot that no feature owns, so nobody is left without a reply, and a mistyped command.
internal sealed class HelpHandler(RouteTable routes, CohortDbContext db) : ITurnHandler
{
    private static readonly MemberRole[] Everyone = [MemberRole.Teacher, MemberRole.Coach, MemberRole.Coordinator];
    private static readonly MemberRole[] Teachers = [MemberRole.Teacher];
    private static readonly MemberRole[] Coaches = [MemberRole.Coach];
    private static readonly MemberRole[] Coordinators = [MemberRole.Coordinator];
    private static readonly MemberRole[] CoachesAndCoordinators = [MemberRole.Coach, MemberRole.Coordinator];
    private static readonly MemberRole[] TeachersAndCoaches = [MemberRole.Teacher, MemberRole.Coach];

    /// Every command a person may be told of, in the order the card lists them, with who may use it;
    /// the card shows those registered. A command may read differently by role (<c>status</c>).
    private static readonly (string Command, string Usage, string Description, MemberRole[] For)[] Commands =
    [
        ("help", "help", "Show this list.", Everyone),
        ("check in", "check in", "Open this round's check-in, or change your answers while the round is open.", Everyone),
        ("status", "status", "See your answers this round.", Teachers),
        ("status", "status", "See your cohort's round so far, with the answers.", Coaches),
        ("status", "status", "See every cohort's open round: answered by site, pending, unreachable.", Coordinators),
        ("coach", "coach", "Ask a coach for support.", Everyone),
        ("resources", "resources TOPIC", "Find what your coaches shared, for example: resources station rotation.", Everyone),
        ("share", "share LINK", "Add a link to your cohort's library (a teacher's link goes to the coach first).", Teachers),
        ("share", "share LINK", "Add a link to your cohort's library at once.", CoachesAndCoordinators),
        ("here", "here CODE", "Check in to the PD session going on now, with the code the facilitator shows.", Teachers),
        ("visits", "visits [MODEL]", "Classroom visits you can book in your cohorts (Station Rotation, Flex, ...), and your own.", Everyone),
        ("offer visit", "offer visit", "Open your classroom to visiting colleagues: a blended model, a time, seats.", TeachersAndCoaches),
        ("series", "series COHORT", "The cohort's PD series: commitment, attendance per session, completion.", CoachesAndCoordinators),
        ("hosts", "hosts [MODEL]", "Teachers whose check-ins show a model going well and who have not hosted yet, with Invite.", CoachesAndCoordinators),
        ("member", "member NAME", "One teacher's year: check-ins, PD sessions attended, visits hosted and made.", CoachesAndCoordinators),
        ("open", "open COHORT", "Open the cohort's next round now.", Coordinators),
        ("close", "close COHORT", "Close the cohort's open round now; the summaries go out.", Coordinators),
        ("status", "status COHORT", "One cohort's open round: answered by site, pending, unreachable, not delivered.", Coordinators),
        ("skip", "skip COHORT DATE", "Leave out the round on DATE (2027-01-12).", Coordinators),
        ("unskip", "unskip COHORT DATE", "Bring back a round you skipped.", Coordinators),
        ("rounds", "rounds COHORT", "The cohort's last rounds and its next ones.", Coordinators),
        ("publish series", "publish series COHORT", "Ask the cohort's teachers to commit to its PD series.", Coordinators),
        ("link", "link COHORT", "In a channel: it gets the cohort's summaries (numbers only).", Coordinators),
        ("follow", "follow COHORT", "In a team's channel or a Slack channel: its members become the cohort's, synced every night.", Coordinators),
        ("sync", "sync COHORT", "Sync the cohort with the team or channel it follows now; you get who joined and who left.", Coordinators),
        ("unfollow", "unfollow COHORT", "The cohort stops following its team or channel; its members stay.", Coordinators),
        ("audit", "audit [COHORT]", "The last 20 entries of the audit log.", Coordinators),
        ("nudge", "nudge COHORT [pending|all|site:NAME] [message]", "Nudge the cohort's teachers: those who have not answered, all, or one site's, with your words.", Coordinators),
        ("nudges", "nudges", "Scheduled nudges (with Cancel) and those sent lately.", Coordinators),
    ];

    public async Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken) =>
        TurnResponse.Reply(await CardAsync(turn, cancellationToken));

    /// The card for whoever acted in <paramref name="turn"/>.
    public async Task<CardMessage> CardAsync(Turn turn, CancellationToken cancellationToken)
    {
        var id = turn.MemberId;
        var role = id is null ? null
            : await db.Members.Where(m => m.Id == id).Select(m => (MemberRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
        // A coach nudges too where one of their cohorts allows it (roster coachesMayNudge).
        var coachMayNudge = role == MemberRole.Coach && await db.Cohorts.AnyAsync(c => c.CoachesMayNudge && c.Members.Any(m => m.Id == id), cancellationToken);
        return Card(turn.Platform, role ?? MemberRole.Teacher, coachMayNudge);
    }

    public CardMessage Card(Platform platform, MemberRole role, bool coachMayNudge = false)
    {
        var registered = routes.All.Select(r => r.Command).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var offered = Commands.Where(c => registered.Contains(c.Command) && (c.For.Contains(role) || coachMayNudge && c.Command is "nudge" or "nudges")).ToList();
        var commands = new JsonArray();
        foreach (var (_, usage, description, _) in offered)
            commands.Add(new JsonObject { ["command"] = usage, ["description"] = description });
        var data = new JsonObject
        {
            ["platform"] = platform == Platform.Slack ? "slack" : "teams",
            ["commands"] = commands,
        };
        return new CardMessage("help", data, $"What I can do: {string.Join(", ", offered.Select(c => c.Usage))}.");
    }

    /// The answer to a line that starts with a mistyped command (<see cref="RouteTable.Suggest"/>).
    public static TurnResponse DidYouMean(string meant)
    {
        var text = $"Did you mean `{meant}`?";
        return TurnResponse.ReplyPrivately(new CardMessage("notice", new JsonObject { ["text"] = text }, text));
    }
}
