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
        Assert.Equal(("conversation-1", "help", "What I can do"), (sent.Target, sent.Message.Card, sent.Message.Text));
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
            var outbox = new CohortBot.Outbox.Outbox(db, TimeProvider.System);
            var inStore = outbox.Add("round:1/member:1/checkin", Platform.Teams, "conversation-1", null, Hello);
            var fresh = outbox.Add("round:1/member:2/checkin", Platform.Teams, "conversation-2", null, Hello);
            var sameInUnit = outbox.Add("round:1/member:2/checkin", Platform.Teams, "conversation-2", null, Hello);
            var saved = await outbox.SaveAsync([inStore!, fresh!], default);
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
        Assert.True(failed.NextAttemptAt > time.GetUtcNow());

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

    private static async Task<(CohortBotApp App, RecordingSender Sender, FakeTimeProvider Time)> StartAsync(string provider)
    {
        var sender = new RecordingSender();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        var app = new CohortBotApp(await TestDatabase.CreateAsync(provider), services: services =>
        {
            services.RemoveAll<IChannelSender>();
            services.AddSingleton<IChannelSender>(sender);
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(time);
        });
        _ = app.Server;
        return (app, sender, time);
    }

    private static Task<int> AddAsync(CohortBotApp app, string key) =>
        app.WithStoreAsync(async db =>
        {
            var delivery = new CohortBot.Outbox.Outbox(db, TimeProvider.System).Add(key, Platform.Teams, "conversation-1", null, Hello);
            await db.SaveChangesAsync();
            return delivery!.Id;
        });

    private static async Task SendAsync(CohortBotApp app, int id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendAsync(id, default);
    }

    private static async Task SendDueAsync(CohortBotApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendDueAsync(default);
    }

    /// Stands in for a channel: the channels' own tests send through fakes of the real platforms.
    private sealed class RecordingSender : IChannelSender
    {
        private int _attempts;

        public ConcurrentQueue<(string Target, CardMessage Message)> Sent { get; } = new();
        public Exception? FailNext { get; set; }
        public TimeSpan Delay { get; set; }
        public int Attempts => _attempts;
        public Platform Platform => Platform.Teams;

        public async Task<string?> SendAsync(string target, CardMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await Task.Delay(Delay, cancellationToken);
            if (FailNext is { } failure)
            {
                FailNext = null;
                throw failure;
            }
            Sent.Enqueue((target, message));
            return $"message-{Sent.Count}";
        }
    }
}
