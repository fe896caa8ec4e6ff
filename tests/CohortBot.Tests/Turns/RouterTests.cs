using CohortBot.Outbox;
using CohortBot.Turns;
using Microsoft.Extensions.DependencyInjection;

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
    [InlineData("Check in!", typeof(B), "check in", "")] // the punctuation that ends a command is not part of it
    [InlineData("check. later", typeof(A), "check", "later")]
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

    /// The library's stand-in: takes free text, and remembers that it did.
    private sealed class Library : ITurnHandler
    {
        public List<string> Asked { get; } = [];

        public Task<TurnResponse> HandleAsync(Turn turn, CancellationToken cancellationToken)
        {
            Asked.Add(turn.Arguments);
            return Task.FromResult(TurnResponse.Nothing);
        }
    }

    private static readonly string[] BotCommands =
        ["help", "check in", "checkin", "check-in", "coach", "status", "open", "close", "link", "share", "resources", "skip", "unskip", "rounds", "audit", "nudge", "nudges"];

    private static RouteTable BotTable() => new([
        .. BotCommands.Select(c => new TurnRoute(typeof(A), []) { Command = c }),
        new TurnRoute(typeof(Library), []) { Kind = TurnKind.Message },
        new TurnRoute(typeof(Library), []) { Kind = TurnKind.Command },
    ]);

    [Theory]
    [InlineData("stauts", "status")]
    [InlineData("Stauts blended", "status blended")]
    [InlineData("nuge blended pending", "nudge blended pending")]
    [InlineData("chek in", "check in")]
    [InlineData("audti", "audit")]
    [InlineData("unskpi blended 2027-01-12", "unskip blended 2027-01-12")]
    [InlineData("resource station rotation", "resources station rotation")]
    public void Suggest_AMistypedFirstWord_IsTheCommandWithTheRestOfTheLine(string text, string meant)
    {
        var table = BotTable();
        var turn = Said(text, TurnKind.Command);

        Assert.Equal(typeof(Library), table.Find(turn).Route!.Handler);
        Assert.Equal(meant, table.Suggest(turn));
    }

    [Theory]
    [InlineData("how do I run stations")]
    [InlineData("what is a station rotation")]
    [InlineData("class sizes of 32 and ten chromebooks")]
    [InlineData("teach fractions in small groups")]
    [InlineData("those stations took forever")]
    [InlineData("where are the playlists")]
    [InlineData("think pair share ideas")]
    [InlineData("stauts of my check in?")] // a question, whatever its first word
    [InlineData("nudgs blended")] // as near to nudge as to nudges
    [InlineData("check my answers")] // the first word is right: nothing to correct
    [InlineData("stations")]
    [InlineData("")]
    public void Suggest_ARealQuestionOrNoSingleNearestCommand_IsNoSuggestion(string text) =>
        Assert.Null(BotTable().Suggest(Said(text)));

    [Fact]
    public async Task Route_MistypedCommand_AnswersDidYouMean_AndARealQuestionGoesToTheLibrary()
    {
        var library = new Library();
        await using var services = new ServiceCollection().AddSingleton(library).BuildServiceProvider();
        var router = new Router(BotTable(), services);

        var (_, typo) = await router.RouteAsync(Said("stauts blended"), default);
        var (_, question) = await router.RouteAsync(Said("how do I run stations"), default);

        var notice = Assert.Single(typo.PrivateReplies);
        Assert.Equal(("notice", "Did you mean `status blended`?"), (notice.Card, notice.Text));
        Assert.Same(TurnResponse.Nothing, question);
        Assert.Equal(["how do I run stations"], library.Asked);
    }

    [Fact]
    public async Task Route_MistypedWordInAChannelNotAddressedToTheBot_IsLeftToTheFeature()
    {
        var library = new Library();
        await using var services = new ServiceCollection().AddSingleton(library).BuildServiceProvider();
        var router = new Router(BotTable(), services);

        var (_, response) = await router.RouteAsync(Said("stauts meeting at 4") with { AddressedToBot = false, Conversation = ConversationKind.Channel }, default);

        Assert.Empty(response.PrivateReplies);
        Assert.Equal(["stauts meeting at 4"], library.Asked);
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
