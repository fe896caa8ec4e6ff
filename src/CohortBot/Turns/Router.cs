namespace CohortBot.Turns;

/// Gives each turn to the feature that owns its key: the command a message starts with (the longest
/// registered phrase of whole words, so <c>check in</c> beats <c>check</c>), the verb of an action,
/// or the kind of turn (also for free text no command owns: the resource library takes it as a
/// question). A line that starts with a mistyped command gets "Did you mean …?" instead (see
/// <see cref="CommandTypos"/>). What was said to the bot and nobody owns gets the help card.
internal sealed class Router(RouteTable table, IServiceProvider services)
{
    public async Task<(Turn Turn, TurnResponse Response)> RouteAsync(Turn turn, CancellationToken cancellationToken)
    {
        var (route, routed) = table.Find(turn);
        if (route?.Command is null && routed.AddressedToBot && table.Suggest(routed) is { } meant)
            return (routed, HelpHandler.DidYouMean(meant));
        if (route is null)
            return (routed, routed.AddressedToBot ? await Help().HandleAsync(routed, cancellationToken) : TurnResponse.Nothing);
        var handler = (ITurnHandler)services.GetRequiredService(route.Handler);
        return (routed, await handler.HandleAsync(routed, cancellationToken));
    }

    private HelpHandler Help() => services.GetRequiredService<HelpHandler>();
}

/// The routes every feature registered, indexed by key.
internal sealed class RouteTable
{
    private readonly Dictionary<string, TurnRoute> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TurnRoute> _verbs = new(StringComparer.Ordinal);
    private readonly Dictionary<TurnKind, TurnRoute> _kinds = [];
    private readonly int _longestCommand;

    public RouteTable(IEnumerable<TurnRoute> routes)
    {
        All = [.. routes];
        foreach (var route in All)
        {
            if (route.Command is { } command && !_commands.TryAdd(command, route))
                throw new InvalidOperationException($"The command '{command}' is registered twice ({_commands[command].Handler.Name}, {route.Handler.Name}).");
            if (route.Verb is { } verb && !_verbs.TryAdd(verb, route))
                throw new InvalidOperationException($"The verb '{verb}' is registered twice ({_verbs[verb].Handler.Name}, {route.Handler.Name}).");
            if (route.Kind is { } kind && !_kinds.TryAdd(kind, route))
                throw new InvalidOperationException($"Turns of kind {kind} are registered twice ({_kinds[kind].Handler.Name}, {route.Handler.Name}).");
        }
        _longestCommand = _commands.Keys.Select(Words).Select(w => w.Length).DefaultIfEmpty(1).Max();
    }

    public IReadOnlyList<TurnRoute> All { get; }

    /// The route of <paramref name="turn"/>, and the turn with its command and arguments filled in.
    public (TurnRoute? Route, Turn Turn) Find(Turn turn)
    {
        switch (turn.Kind)
        {
            case TurnKind.Action:
                return (turn.Verb is { } verb ? _verbs.GetValueOrDefault(verb) : null, turn);
            case TurnKind.Message or TurnKind.Command:
                var words = Words(turn.Text ?? "");
                for (var count = Math.Min(_longestCommand, words.Length); count > 0; count--)
                {
                    // "status." and "hello!" name their command as "status" and "hello" do.
                    var phrase = string.Join(' ', words[..count]).ToLowerInvariant().TrimEnd('!', '.', ',', ':');
                    var arguments = string.Join(' ', words[count..]);
                    if (_commands.TryGetValue(phrase, out var route) && (route.Accepts is null || route.Accepts(arguments)))
                        return (route, turn with { Command = phrase, Arguments = arguments });
                }
                // What no command owns goes to the feature that takes free text, if one registered.
                return (_kinds.GetValueOrDefault(turn.Kind), turn with { Arguments = string.Join(' ', words) });
            default:
                return (_kinds.GetValueOrDefault(turn.Kind), turn);
        }
    }

    /// What a message or slash command no command took was probably meant to be, when its first
    /// word is a command mistyped; null otherwise.
    public string? Suggest(Turn turn) =>
        turn.Kind is TurnKind.Message or TurnKind.Command ? CommandTypos.Correct(Words(turn.Text ?? ""), _commands.Keys) : null;

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
