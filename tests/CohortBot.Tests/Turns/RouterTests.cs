using CohortBot.Outbox;
using CohortBot.Turns;

namespace CohortBot.Tests.Turns;

public sealed class RouterTests
{
    private sealed class A : ITurnHandler
    {
        public Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken) => Task.FromResult(TurnResponse.Nothing);
    }

    private sealed class B : ITurnHandler
    {
        public Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken) => Task.FromResult(TurnResponse.Nothing);
    }

    private static readonly RouteTable Table = new(
    [
        new TurnRoute(typeof(A), []) { Command = "check" },
        new TurnRoute(typeof(B), []) { Command = "check in" },
        new TurnRoute(typeof(B), []) { Command = "checkin" },
        new TurnRoute(typeof(A), []) { Verb = "checkin.submit" },
        new TurnRoute(typeof(B), []) { Kind = TurnKind.Installed },
    ]);

    private static Turn Said(string text, TurnKind kind = TurnKind.Message) => new() { Id = "t", Platform = Platform.Teams, Kind = kind, Text = text };

    [Theory]
    [InlineData("check in", typeof(B), "check in", "")]
    [InlineData("Check   In  please now", typeof(B), "check in", "please now")]
    [InlineData("checkin", typeof(B), "checkin", "")]
    [InlineData("check the list", typeof(A), "check", "the list")]
    public void Find_Message_TakesTheLongestRegisteredPhraseOfWholeWords(string text, Type handler, string command, string arguments)
    {
        var (route, turn) = Table.Find(Said(text));

        Assert.Equal(handler, route!.Handler);
        Assert.Equal((command, arguments), (turn.Command, turn.Arguments));
    }

    [Fact]
    public void Find_SlashCommandText_IsRoutedLikeAMessage() =>
        Assert.Equal(typeof(B), Table.Find(Said("check in", TurnKind.Command)).Route!.Handler);

    [Fact]
    public void Find_NobodysCommand_HasNoRouteAndKeepsTheWords()
    {
        var (route, turn) = Table.Find(Said("checking in"));

        Assert.Null(route);
        Assert.Equal("checking in", turn.Arguments);
    }

    [Fact]
    public void Find_ActionAndKind_AreRoutedByVerbAndKind()
    {
        Assert.Equal(typeof(A), Table.Find(new Turn { Id = "t", Platform = Platform.Slack, Kind = TurnKind.Action, Verb = "checkin.submit" }).Route!.Handler);
        Assert.Null(Table.Find(new Turn { Id = "t", Platform = Platform.Slack, Kind = TurnKind.Action, Verb = "checkin" }).Route);
        Assert.Equal(typeof(B), Table.Find(new Turn { Id = "t", Platform = Platform.Teams, Kind = TurnKind.Installed }).Route!.Handler);
    }

    [Fact]
    public void Table_SameCommandTwice_IsRefusedAtStartUp()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RouteTable([new TurnRoute(typeof(A), []) { Command = "coach" }, new TurnRoute(typeof(B), []) { Command = "coach" }]));
        Assert.Contains("'coach'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_MultiSelect_TravelsAsAListFromEitherPlatform()
    {
        var slack = new TurnData(new Dictionary<string, IReadOnlyList<string>> { ["models"] = ["station-rotation", "flex"], ["win"] = ["Kids ran stations, alone, for once"] });
        var teams = TurnData.From([new("models", "station-rotation,flex"), new("win", "Kids ran stations, alone, for once")]);

        Assert.Equal(["station-rotation", "flex"], slack.Values("models"));
        Assert.Equal(["station-rotation", "flex"], teams.Values("models"));
        Assert.Equal("Kids ran stations, alone, for once", teams.Value("win"));
        Assert.Equal("Kids ran stations, alone, for once", slack.Value("win"));
        Assert.Empty(teams.Values("behaviors"));
    }
}
