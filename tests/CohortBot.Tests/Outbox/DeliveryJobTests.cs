using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CohortBot.Outbox;
using CohortBot.Tests.Infrastructure;
using CohortBot.Turns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Outbox;

public sealed class DeliveryJobTests
{
    private static readonly CardMessage Hello = new("help", new JsonObject { ["platform"] = "teams" }, "What I can do");

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_Twice_SendsOnceAndRecordsTheMessageId(string provider)
    {
        var (app, sender, _) = await StartAsync(provider);
        await using var _app = app;
        var id = await AddAsync(app, "k:1");

        await SendAsync(app, id);
        await SendAsync(app, id);

        var sent = Assert.Single(sender.Sent);
        Assert.Equal(("conversation-1", "help", "What I can do"), (sent.Address, sent.Message.Card, sent.Message.Text));
        Assert.Equal("teams", sent.Message.Data["platform"]!.GetValue<string>());
        var delivery = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal((DeliveryStatus.Sent, "message-1", 1), (delivery.Status, delivery.PlatformMessageId, delivery.Attempts));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Outbox_SameKeyTwice_WritesOneDelivery(string provider)
    {
        var (app, _, _) = await StartAsync(provider);
        await using var _app = app;

        await AddAsync(app, "round:1/member:1/checkin");
        var second = await app.WithStoreAsync(async db =>
        {
            var outbox = new OutboxWriter(db, TimeProvider.System);
            outbox.To("round:1/member:1/checkin", Conversation("conversation-1"), Hello);
            var fresh = outbox.To("round:1/member:2/checkin", Conversation("conversation-2"), Hello);
            var sameInUnit = outbox.To("round:1/member:2/checkin", Conversation("conversation-2"), Hello);
            var saved = await outbox.SaveAsync(default);
            return (saved, fresh, sameInUnit);
        });

        Assert.Null(second.sameInUnit);
        Assert.Equal([second.fresh!.IdempotencyKey], second.saved.Select(d => d.IdempotencyKey));
        var keys = await app.WithStoreAsync(db => db.Deliveries.OrderBy(d => d.IdempotencyKey).Select(d => d.IdempotencyKey).ToListAsync());
        Assert.Equal(["round:1/member:1/checkin", "round:1/member:2/checkin"], keys);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_PlatformFails_RetriesLaterNotBefore(string provider)
    {
        var (app, sender, time) = await StartAsync(provider);
        await using var _app = app;
        var id = await AddAsync(app, "k:retry");
        sender.FailNext = new HttpRequestException("503 from the platform");

        await SendAsync(app, id);
        var failed = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal((DeliveryStatus.Pending, 1), (failed.Status, failed.Attempts));
        Assert.Contains("503", failed.LastError, StringComparison.Ordinal);
        Assert.True(failed.RetryAt > time.GetUtcNow());
        Assert.Null(failed.LeaseUntil);

        await SendDueAsync(app);
        Assert.Empty(sender.Sent);

        time.Advance(TimeSpan.FromMinutes(2));
        await SendDueAsync(app);
        Assert.Single(sender.Sent);
        Assert.Equal(DeliveryStatus.Sent, (await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id))).Status);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_RecipientUnreachable_IsNeverRetried(string provider)
    {
        var (app, sender, time) = await StartAsync(provider);
        await using var _app = app;
        var id = await AddAsync(app, "k:blocked");
        sender.FailNext = new DeliveryRefusedException("ConversationBlockedByUser", recipientUnreachable: true);

        await SendAsync(app, id);
        time.Advance(TimeSpan.FromDays(1));
        await SendDueAsync(app);

        Assert.Empty(sender.Sent);
        Assert.Equal(1, sender.Attempts);
        Assert.Equal(DeliveryStatus.Unreachable, (await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id))).Status);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_FailingEveryTime_GivesUpAfterMaxAttempts(string provider)
    {
        var (app, sender, time) = await StartAsync(provider);
        await using var _app = app;
        var id = await AddAsync(app, "k:doomed");

        for (var attempt = 0; attempt < DeliveryJob.MaxAttempts + 3; attempt++)
        {
            sender.FailNext = new HttpRequestException("502");
            await SendDueAsync(app);
            time.Advance(TimeSpan.FromHours(2));
        }

        var delivery = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal((DeliveryStatus.Failed, DeliveryJob.MaxAttempts), (delivery.Status, delivery.Attempts));
        Assert.Equal(DeliveryJob.MaxAttempts, sender.Attempts);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_ConcurrentlyFromTwoWorkers_SendsOnce(string provider)
    {
        var (app, sender, _) = await StartAsync(provider);
        await using var _app = app;
        var id = await AddAsync(app, "k:race");
        sender.Delay = TimeSpan.FromMilliseconds(200);

        await Task.WhenAll(SendAsync(app, id), SendAsync(app, id), SendAsync(app, id));

        Assert.Single(sender.Sent);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_NotBeforeLater_WaitsUntilThen(string provider)
    {
        var (app, sender, time) = await StartAsync(provider);
        await using var _app = app;
        await app.WithStoreAsync(async db =>
        {
            new OutboxWriter(db, time).To("k:later", Conversation("conversation-1"), Hello, notBefore: time.GetUtcNow().AddHours(9));
            await db.SaveChangesAsync();
        });

        await SendDueAsync(app);
        time.Advance(TimeSpan.FromHours(8));
        await SendDueAsync(app);
        Assert.Empty(sender.Sent);

        time.Advance(TimeSpan.FromHours(1));
        await SendDueAsync(app);
        Assert.Single(sender.Sent);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_MultiPartFailsHalfWay_RetrySendsOnlyTheRest(string provider)
    {
        var (app, sender, time) = await StartAsync(provider);
        await using var _app = app;
        var id = await AddAsync(app, "k:parts");
        sender.Parts = 3;
        sender.FailAtPart = 1;

        await SendAsync(app, id);
        var halfway = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal((DeliveryStatus.Pending, 1, "message-1"), (halfway.Status, halfway.PartsSent, halfway.PlatformMessageId));

        time.Advance(TimeSpan.FromMinutes(2));
        await SendDueAsync(app);

        Assert.Equal([0, 1, 2], sender.PartsPosted.Order());
        var delivery = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id));
        Assert.Equal((DeliveryStatus.Sent, 3, "message-1"), (delivery.Status, delivery.PartsSent, delivery.PlatformMessageId));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_CallerCancelsRightAfterTheSend_IsStillRecordedAsSent(string provider)
    {
        var (app, sender, time) = await StartAsync(provider);
        await using var _app = app;
        var id = await AddAsync(app, "k:cancelled");
        using var request = new CancellationTokenSource();
        sender.AfterSend = request.Cancel;

        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendAsync(id, request.Token);
        time.Advance(TimeSpan.FromHours(1));
        await SendDueAsync(app);

        Assert.Single(sender.Sent);
        Assert.Equal(DeliveryStatus.Sent, (await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == id))).Status);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Update_OfAnEarlierDelivery_GoesToItsMessage(string provider)
    {
        var (app, sender, _) = await StartAsync(provider);
        await using var _app = app;
        var earlier = await AddAsync(app, "k:receipt");
        await SendAsync(app, earlier);
        var update = await app.WithStoreAsync(async db =>
        {
            var delivery = new OutboxWriter(db, TimeProvider.System).Update("k:receipt/update:1", "k:receipt", Hello with { Text = "Updated" });
            await db.SaveChangesAsync();
            return delivery!.Id;
        });

        await SendAsync(app, update);

        var sent = sender.Sent.Last();
        Assert.Equal(("conversation-1", "message-1", "Updated"), (sent.Address, sent.Replaces, sent.Message.Text));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Send_ToAMember_GoesToThePlatformTheyPreferAmongThoseTheyAreOn(string provider)
    {
        var teams = new RecordingSender { Reachable = [1, 2] };
        var slack = new RecordingSender(Platform.Slack) { Reachable = [1, 3] };
        var (app, _, _) = await StartAsync(provider, teams, slack);
        await using var _app = app;
        var members = await app.WithStoreAsync(async db =>
        {
            var district = db.Districts.Add(new CohortBot.Cohorts.District { Name = "D", TimeZone = "America/Chicago" }).Entity;
            await db.SaveChangesAsync();
            var both = new CohortBot.Cohorts.Member { DistrictId = district.Id, DisplayName = "Both", Email = "both@example.com", TimeZone = "America/Chicago", PreferredPlatform = Platform.Slack };
            var teamsOnly = new CohortBot.Cohorts.Member { DistrictId = district.Id, DisplayName = "Teams", Email = "teams@example.com", TimeZone = "America/Chicago", PreferredPlatform = Platform.Slack };
            var slackOnly = new CohortBot.Cohorts.Member { DistrictId = district.Id, DisplayName = "Slack", Email = "slack@example.com", TimeZone = "America/Chicago" };
            var nowhere = new CohortBot.Cohorts.Member { DistrictId = district.Id, DisplayName = "None", Email = "none@example.com", TimeZone = "America/Chicago" };
            db.Members.AddRange(both, teamsOnly, slackOnly, nowhere);
            await db.SaveChangesAsync();
            return new[] { both.Id, teamsOnly.Id, slackOnly.Id, nowhere.Id };
        });
        teams.Reachable = [members[0], members[1]];
        slack.Reachable = [members[0], members[2]];
        var ids = await app.WithStoreAsync(async db =>
        {
            var outbox = new OutboxWriter(db, TimeProvider.System);
            var deliveries = members.Select(m => outbox.ToMember($"k:member:{m}", m, Hello)!).ToList();
            await db.SaveChangesAsync();
            return deliveries.Select(d => d.Id).ToList();
        });

        foreach (var id in ids)
            await SendAsync(app, id);

        Assert.Equal([members[0], members[2]], slack.Sent.Select(s => s.MemberId!.Value).Order());
        Assert.Equal([members[1]], teams.Sent.Select(s => s.MemberId!.Value));
        var last = await app.WithStoreAsync(db => db.Deliveries.SingleAsync(d => d.Id == ids[3]));
        Assert.Equal(DeliveryStatus.Unreachable, last.Status);
    }

    private static ConversationRef Conversation(string address) => new(Platform.Teams, address);

    private static Task<(CohortBotApp App, RecordingSender Sender, FakeTimeProvider Time)> StartAsync(string provider) =>
        StartAsync(provider, new RecordingSender());

    private static async Task<(CohortBotApp App, RecordingSender Sender, FakeTimeProvider Time)> StartAsync(string provider, RecordingSender sender, params RecordingSender[] others)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        var app = new CohortBotApp(await TestDatabase.CreateAsync(provider), services: services =>
        {
            services.RemoveAll<IChannelSender>();
            services.AddSingleton<IChannelSender>(sender);
            foreach (var other in others)
                services.AddSingleton<IChannelSender>(other);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(time);
        });
        _ = app.Server;
        return (app, sender, time);
    }

    private static Task<int> AddAsync(CohortBotApp app, string key) =>
        app.WithStoreAsync(async db =>
        {
            var delivery = new OutboxWriter(db, TimeProvider.System).To(key, Conversation("conversation-1"), Hello);
            await db.SaveChangesAsync();
            return delivery!.Id;
        });

    /// Sends the delivery, and waits until it is recorded: the app's own minutely sweep may have
    /// claimed it first (then this send finds it taken, and the sweep's send is waited for).
    private static async Task SendAsync(CohortBotApp app, int id)
    {
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendAsync(id, default);
        await app.DeliveriesAtRestAsync();
    }

    private static Task SendDueAsync(CohortBotApp app) => app.SendDueAsync();

    /// Stands in for a channel: the channels' own tests send through fakes of the real platforms.
    private sealed class RecordingSender(Platform platform = Platform.Teams) : IChannelSender
    {
        private int _attempts;

        public ConcurrentQueue<(string Address, int? MemberId, string? Replaces, CardMessage Message)> Sent { get; } = new();
        public ConcurrentBag<int> PartsPosted { get; } = [];
        public Exception? FailNext { get; set; }
        public TimeSpan Delay { get; set; }
        public int Parts { get; set; } = 1;
        public int? FailAtPart { get; set; }
        public Action? AfterSend { get; set; }
        public int[] Reachable { get; set; } = [];
        public int Attempts => _attempts;
        public Platform Platform => platform;

        public Task<bool> CanReachAsync(int memberId, CancellationToken cancellationToken) => Task.FromResult(Reachable.Contains(memberId));

        public Task MarkUnreachableAsync(int memberId, string reason, CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task<SentMessage> SendAsync(OutgoingMessage message, PartSent partSent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await Task.Delay(Delay, cancellationToken);
            if (FailNext is { } failure)
            {
                FailNext = null;
                throw failure;
            }
            var address = message.Address ?? $"member-{message.MemberId}";
            var first = new SentMessage(address, message.ReplacesMessageId ?? $"message-{Sent.Count + 1}");
            for (var part = message.PartsSent; part < Parts; part++)
            {
                if (FailAtPart == part)
                {
                    FailAtPart = null;
                    throw new HttpRequestException("503 half way");
                }
                PartsPosted.Add(part);
                if (Parts > 1)
                    await partSent(part + 1, first);
            }
            Sent.Enqueue((address, message.MemberId, message.ReplacesMessageId, message.Message));
            AfterSend?.Invoke();
            return first;
        }
    }
}
