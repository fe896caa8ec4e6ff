using System.Net;
using CohortBot.Pacing;
using Microsoft.Extensions.Options;

namespace CohortBot.Teams;

/// <summary>At most <paramref name="PermitLimit"/> calls in any <paramref name="Window"/>.</summary>
/// <param name="PermitLimit">The number of calls allowed.</param>
/// <param name="Window">The sliding window they are counted over.</param>
public sealed record PaceRule(int PermitLimit, TimeSpan Window);

/// <summary>
/// How the connector client paces its calls to stay below Teams' published limits for bots. A call
/// waits for a permit of every rule; none is refused.
/// </summary>
public sealed class ConnectorPacingOptions
{
    /// <summary>Whether calls are paced at all (turn it off only against a fake, as the benchmarks do).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Per conversation, for sending, replying, updating and creating a conversation: 7 per second, 8 per 2 s, 60 per 30 s, 1800 per hour.</summary>
    public IReadOnlyList<PaceRule> ConversationSend { get; set; } =
        [new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new(1800, TimeSpan.FromHours(1))];

    /// <summary>Per conversation, for reading members: 14 per second, 16 per 2 s, 120 per 30 s, 3600 per hour.</summary>
    public IReadOnlyList<PaceRule> ConversationMembers { get; set; } =
        [new(14, TimeSpan.FromSeconds(1)), new(16, TimeSpan.FromSeconds(2)), new(120, TimeSpan.FromSeconds(30)), new(3600, TimeSpan.FromHours(1))];

    /// <summary>Per tenant, across all conversations and operations: 50 per second.</summary>
    public IReadOnlyList<PaceRule> Tenant { get; set; } = [new(50, TimeSpan.FromSeconds(1))];
}

/// <summary>Which per-conversation limits a call counts against.</summary>
internal enum PaceKind
{
    Send,
    Members,
}

/// <summary>Identifies what a call is paced by: its tenant and its conversation (thread).</summary>
internal readonly record struct PaceKey(string Tenant, string Conversation);

/// <summary>
/// Teams' limits as strict sliding windows, per conversation (by kind of call) and per tenant: a call waits for room in every
/// one. A 429 holds the refused call's conversation for its <c>Retry-After</c>; the tenant's other calls go on at the pace kept
/// here (holding the whole tenant for every stray 429, say from calls bunched up in transit, would cost a second's sending each).
/// </summary>
internal sealed class ConnectorPacer
{
    private readonly WindowPacer _pacer;
    private readonly ConnectorPacingOptions _settings;

    public ConnectorPacer(IOptions<ConnectorPacingOptions> options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Value;
        _pacer = new WindowPacer(time: time);
    }

    /// <summary>Waits until the call may go.</summary>
    public ValueTask<TimeSpan> WaitAsync(PaceKind kind, PaceKey key, CancellationToken cancellationToken) =>
        _pacer.WaitAsync(Limits(kind, key), cancellationToken);

    /// <summary>Takes a permit if one is free now, without waiting.</summary>
    public bool TryAcquire(PaceKind kind, PaceKey key) => _pacer.TryAcquire(Limits(kind, key));

    /// <summary>Holds the calls of the conversation for <paramref name="retryAfter"/> (also when pacing is off).</summary>
    public void Hold(PaceKind kind, PaceKey key, TimeSpan retryAfter) => _pacer.Hold(ConversationPartition(kind, key), retryAfter);

    /// <summary>The limits a call waits for: none but a 429's hold when pacing is off.</summary>
    private List<PaceLimit> Limits(PaceKind kind, PaceKey key)
    {
        var partition = ConversationPartition(kind, key);
        if (!_settings.Enabled)
            return [new(partition, int.MaxValue, TimeSpan.Zero)];
        var conversation = kind == PaceKind.Send ? _settings.ConversationSend : _settings.ConversationMembers;
        return
        [
            .. conversation.Select(rule => new PaceLimit(partition, rule.PermitLimit, rule.Window)),
            .. _settings.Tenant.Select(rule => new PaceLimit(TenantPartition(key), rule.PermitLimit, rule.Window)),
        ];
    }

    private static string TenantPartition(PaceKey key) => "tenant:" + key.Tenant;

    private static string ConversationPartition(PaceKind kind, PaceKey key) => $"{kind}:{key.Tenant}:{key.Conversation}";
}

/// <summary>
/// Paces connector calls and retries those Teams answered 429, paced like any other call: the tenant is held for the
/// <c>Retry-After</c> (capped) and the call lines up again. It sits above the retry handler, so a wait in line never counts
/// against an attempt's timeout; that handler retries the rest (5xx, 412). The call's key travels in the request's options; a
/// request without one is not paced.
/// </summary>
internal sealed class ConnectorPacingHandler(ConnectorPacer pacer, IOptions<ConnectorRetryOptions> retry, TimeProvider time) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<(PaceKind Kind, PaceKey Key)> Ticket = new("CohortBot.Teams.Pace");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Ticket, out var ticket))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            await pacer.WaitAsync(ticket.Kind, ticket.Key, cancellationToken).ConfigureAwait(false);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= retry.Value.MaxRetryAttempts)
                return response;
            var wait = BotFrameworkServiceCollectionExtensions.RetryAfter(response, retry.Value.MaxRetryAfter, time) ?? retry.Value.BaseDelay * Math.Pow(2, attempt);
            pacer.Hold(ticket.Kind, ticket.Key, wait > retry.Value.MaxRetryAfter ? retry.Value.MaxRetryAfter : wait);
            response.Dispose();
        }
    }
}
