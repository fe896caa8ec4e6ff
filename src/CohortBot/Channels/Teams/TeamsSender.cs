using System.Net;
using CohortBot.Cards.Catalog;
using CohortBot.Channels.Identities;
using CohortBot.Outbox;
using CohortBot.Storage;
using CohortBot.Teams;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CohortBot.Channels.Teams;

/// Sends card messages to Teams: the expanded Adaptive Card as an attachment, with the plain-text
/// line as the activity's summary (what notifications and screen readers read). A member is reached
/// in their 1:1 conversation, which is created (and remembered) when it is not known yet: at the
/// service URL their tenant last used, else at <c>Teams:DefaultServiceUrl</c>; with
/// <c>Teams:InstallForMembers</c>, after installing the app for them when it was not. Only the
/// instance that holds the tenant's lock sends for it (<see cref="TeamsTenantLocks"/>); the others
/// leave the message to it.
internal sealed class TeamsSender(
    CohortDbContext db,
    ConnectorClient connector,
    TrustedServiceUrls trusted,
    CardCatalog cards,
    TeamsTenantLocks tenants,
    TeamsAppInstaller installer,
    IOptions<BotFrameworkOptions> protocol,
    IOptions<TeamsChannelOptions> options) : IChannelSender
{
    /// Refusals of a new chat that installing the app cannot help: the user or their admin said no.
    private static readonly HashSet<string> Refusals = new(StringComparer.OrdinalIgnoreCase) { "ConversationBlockedByUser", "MessageWritesBlocked", "BotDisabledByAdmin" };

    public Platform Platform => Platform.Teams;

    public Task<bool> CanReachAsync(int memberId, CancellationToken cancellationToken) =>
        db.Identities.AnyAsync(i => i.MemberId == memberId && i.Platform == Platform.Teams && i.UnreachableReason == null, cancellationToken);

    public async Task<SentMessage> SendAsync(OutgoingMessage message, PartSent partSent, CancellationToken cancellationToken)
    {
        var card = Render(message.Message);
        var written = message.Address is { } text ? TeamsAddress.Parse(text) : null;
        var identity = written is null ? await IdentityAsync(message.MemberId, cancellationToken) : null;
        // Before any call, a conversation's creation included: every call counts against the tenant's rate.
        var tenant = written is not null ? written.TenantId : identity!.TenantId;
        if (!await tenants.MaySendAsync(tenant, cancellationToken))
            throw new DeliveryDeferredException("Another instance sends for this Teams tenant.", TeamsTenantLocks.Scope(tenant), TeamsTenantLocks.Deferral);
        var address = written ?? await MemberAddressAsync(identity!, cancellationToken);
        // Addresses are written only from authenticated activities, the store (which holds only
        // those) or configuration, so trusting the service URL keeps proactive sends working after a restart.
        trusted.Trust(address.ServiceUrl);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Conversation = new ConversationAccount { Id = address.ConversationId, TenantId = address.TenantId },
            Summary = message.Message.Text,
            Attachments = [card],
        };
        try
        {
            var sent = message.ReplacesMessageId is { } replaced
                ? await connector.UpdateActivityAsync(address.ServiceUrl, address.ConversationId, replaced, activity with { Id = replaced }, cancellationToken)
                : address.ReplyToId is { } replyTo
                    ? await connector.ReplyToActivityAsync(address.ServiceUrl, address.ConversationId, replyTo, activity, cancellationToken)
                    : await connector.SendToConversationAsync(address.ServiceUrl, address.ConversationId, activity, cancellationToken);
            return new SentMessage(address.Serialize(), sent.Id ?? message.ReplacesMessageId);
        }
        catch (ConnectorException failure) when (failure.IsRecipientUnreachable)
        {
            throw new DeliveryRefusedException($"Teams answered {(int)failure.StatusCode} {failure.ErrorCode}", recipientUnreachable: true, failure);
        }
        catch (ConnectorException failure) when (failure.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            // Never retried: the same card would be refused again.
            throw new DeliveryRefusedException("Teams refused the card as too large (413)", recipientUnreachable: false, failure);
        }
    }

    public async Task MarkUnreachableAsync(int memberId, string reason, CancellationToken cancellationToken) =>
        await db.Identities.Where(i => i.MemberId == memberId && i.Platform == Platform.Teams)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.UnreachableReason, reason), cancellationToken);

    public Attachment Card(CardMessage message) => Attachment.AdaptiveCard(cards.Expand(message.Card, message.Data).Card!);

    /// The card, or a refusal that is never retried: a card that does not render now never will.
    private Attachment Render(CardMessage message)
    {
        try
        {
            return Card(message);
        }
        catch (Exception failure) when (failure is KeyNotFoundException or FormatException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new DeliveryRefusedException($"The card '{message.Card}' does not render: {failure.Message}", recipientUnreachable: false, failure);
        }
    }

    private async Task<PlatformIdentity> IdentityAsync(int? memberId, CancellationToken cancellationToken) =>
        (memberId is null ? null : await db.Identities.FirstOrDefaultAsync(i => i.MemberId == memberId && i.Platform == Platform.Teams, cancellationToken))
        ?? throw new DeliveryRefusedException("The member has no Teams identity.", recipientUnreachable: true);

    private async Task<TeamsAddress> MemberAddressAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        if (identity is { ConversationId: { } known, ServiceUrl: { } at })
            return new TeamsAddress(at, known, identity.TenantId);

        var serviceUrl = identity.ServiceUrl ?? await LastServiceUrlAsync(identity.TenantId, cancellationToken) ?? options.Value.DefaultServiceUrl;
        trusted.Trust(serviceUrl);
        ConversationResourceResponse created;
        try
        {
            created = await CreateChatAsync(serviceUrl, identity, cancellationToken);
        }
        catch (ConnectorException failure) when (failure.IsRecipientUnreachable || failure.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            throw new DeliveryRefusedException($"Teams could not open a chat with the member ({(int)failure.StatusCode} {failure.ErrorCode}): is the app installed for them?", recipientUnreachable: true, failure);
        }
        identity.ConversationId = created.Id ?? throw new InvalidOperationException("Teams created a conversation without an id.");
        identity.ServiceUrl = created.ServiceUrl ?? serviceUrl;
        await db.SaveChangesAsync(CancellationToken.None);
        return new TeamsAddress(identity.ServiceUrl, identity.ConversationId, identity.TenantId);
    }

    /// Opens the member's 1:1 chat; when the app is not installed for them (403 or 404) and
    /// <c>Teams:InstallForMembers</c> allows it, installs it and opens the chat again.
    private async Task<ConversationResourceResponse> CreateChatAsync(string serviceUrl, PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var parameters = ConversationParameters.Personal($"28:{protocol.Value.AppId}", identity.UserId, identity.TenantId);
        try
        {
            return await connector.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
        }
        catch (ConnectorException failure) when (options.Value.InstallForMembers && NotInstalled(failure))
        {
            await installer.InstallAsync(identity.TenantId, identity.UserId, cancellationToken);
        }
        try
        {
            return await connector.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
        }
        catch (ConnectorException failure) when (NotInstalled(failure))
        {
            // Installed just now: Teams may take a while before the bot can open the chat. Asked
            // again later, as any failure that may pass.
            throw new InvalidOperationException($"The Teams app is installed for the member, but Teams does not open the chat yet ({(int)failure.StatusCode} {failure.ErrorCode}).", failure);
        }
    }

    private static bool NotInstalled(ConnectorException failure) =>
        failure.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound && (failure.ErrorCode is null || !Refusals.Contains(failure.ErrorCode));

    /// The service URL of the tenant's most recent authenticated activity that we kept.
    private Task<string?> LastServiceUrlAsync(string tenantId, CancellationToken cancellationToken) =>
        db.Identities.Where(i => i.Platform == Platform.Teams && i.TenantId == tenantId && i.ServiceUrl != null)
            .OrderByDescending(i => i.Id).Select(i => i.ServiceUrl).FirstOrDefaultAsync(cancellationToken);
}
