using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;

namespace CohortBot.Teams.Tests;

public sealed class PacingTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Defaults_AreTeamsPublishedLimits()
    {
        var options = new ConnectorPacingOptions();

        Assert.Equal([new(7, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(2)), new(60, TimeSpan.FromSeconds(30)), new PaceRule(1800, Hour)], options.ConversationSend);
        Assert.Equal([new(14, TimeSpan.FromSeconds(1)), new(16, TimeSpan.FromSeconds(2)), new(120, TimeSpan.FromSeconds(30)), new PaceRule(3600, Hour)], options.ConversationMembers);
        Assert.Equal([new PaceRule(50, TimeSpan.FromSeconds(1))], options.Tenant);
    }

    [Fact]
    public void Pacer_BurstToOneConversation_GrantsSevenPermitsAtOnceThenMakesTheEighthWait()
    {
        var pacer = new ConnectorPacer(Options.Create(new ConnectorPacingOptions()));
        var key = new PaceKey("tenant-1", "a:1xyz");

        // Taken back to back: the window (a second) cannot slide in between.
        var granted = Enumerable.Range(0, 8).Select(_ => pacer.TryAcquire(PaceKind.Send, key)).ToArray();

        Assert.Equal([true, true, true, true, true, true, true, false], granted);
        Assert.True(pacer.TryAcquire(PaceKind.Send, key with { Conversation = "a:other" }));
    }

    [Fact]
    public void Pacer_TenantWindow_NeverHoldsMoreThanFifty()
    {
        // A limiter of four 250 ms segments gives back at 1.0 s the permits taken at 0.24 s, so a strict
        // second from 0.24 s would hold 75 calls. Teams counts a strict second (with a little margin here).
        var time = new FakeTimeProvider();
        var pacer = new ConnectorPacer(Options.Create(new ConnectorPacingOptions()), time);
        int Take(int n) => Enumerable.Range(0, n).Count(i => pacer.TryAcquire(PaceKind.Send, new PaceKey("tenant-1", $"a:{Guid.NewGuid()}")));

        Assert.Equal(25, Take(25));
        time.Advance(TimeSpan.FromMilliseconds(240));
        Assert.Equal(25, Take(30));
        time.Advance(TimeSpan.FromMilliseconds(770));
        Assert.Equal(0, Take(1));
        time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal(25, Take(30));
    }

    [Fact]
    public void Pacer_Hold_StopsTheConversationUntilRetryAfter()
    {
        var time = new FakeTimeProvider();
        var pacer = new ConnectorPacer(Options.Create(new ConnectorPacingOptions()), time);
        pacer.Hold(PaceKind.Send, new PaceKey("tenant-1", "a:1"), TimeSpan.FromSeconds(2));

        Assert.False(pacer.TryAcquire(PaceKind.Send, new PaceKey("tenant-1", "a:1")));
        Assert.True(pacer.TryAcquire(PaceKind.Send, new PaceKey("tenant-1", "a:2")));
        Assert.True(pacer.TryAcquire(PaceKind.Members, new PaceKey("tenant-1", "a:1")));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(pacer.TryAcquire(PaceKind.Send, new PaceKey("tenant-1", "a:1")));
    }

    [Fact]
    public void Pacer_MembersCalls_HaveTheirOwnLimit()
    {
        var pacer = new ConnectorPacer(Options.Create(new ConnectorPacingOptions
        {
            ConversationSend = [new(1, Hour)],
            ConversationMembers = [new(2, Hour)],
        }));
        var key = new PaceKey("tenant-1", "19:team");

        Assert.True(pacer.TryAcquire(PaceKind.Send, key));
        Assert.False(pacer.TryAcquire(PaceKind.Send, key));
        Assert.True(pacer.TryAcquire(PaceKind.Members, key));
        Assert.True(pacer.TryAcquire(PaceKind.Members, key));
        Assert.False(pacer.TryAcquire(PaceKind.Members, key));
    }

    [Fact]
    public void Pacer_TenantLimit_CountsEveryConversationOfTheTenant()
    {
        var pacer = new ConnectorPacer(Options.Create(new ConnectorPacingOptions { Tenant = [new(3, Hour)] }));

        var granted = Enumerable.Range(0, 4).Select(i => pacer.TryAcquire(PaceKind.Send, new PaceKey("tenant-1", "a:" + i))).ToArray();

        Assert.Equal([true, true, true, false], granted);
        Assert.False(pacer.TryAcquire(PaceKind.Members, new PaceKey("tenant-1", "19:team")));
        Assert.True(pacer.TryAcquire(PaceKind.Send, new PaceKey("tenant-2", "a:0")));
    }

    [Fact]
    public async Task Send_ConversationOutOfPermits_WaitsWhileOtherConversationsGo()
    {
        await using var harness = await ConnectorHarness.StartAsync(pacing: o => o.ConversationSend = [new(1, Hour)]);
        var message = new Activity { Type = ActivityTypes.Message, Conversation = new ConversationAccount { TenantId = "tenant-1" } };
        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:busy", message, Ct);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var waiting = harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:busy", message, cancel.Token);
        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:quiet", message, Ct);

        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(["/v3/conversations/a%3Abusy/activities", "/v3/conversations/a%3Aquiet/activities"], harness.Fake.Calls.Select(c => c.Path));
    }

    [Fact]
    public async Task Send_TenantOutOfPermits_WaitsWhileOtherTenantsGo()
    {
        await using var harness = await ConnectorHarness.StartAsync(pacing: o => o.Tenant = [new(1, Hour)]);
        Activity MessageIn(string tenant) => new() { Type = ActivityTypes.Message, ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = tenant } } };
        await harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:1", MessageIn("tenant-1"), Ct);

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var waiting = harness.Client.SendToConversationAsync(harness.ServiceUrl, "a:2", MessageIn("tenant-1"), cancel.Token);
        await harness.Client.CreateConversationAsync(harness.ServiceUrl, ConversationParameters.Personal("28:bot", "29:1", "tenant-2"), Ct);

        Assert.False(waiting.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(["/v3/conversations/a%3A1/activities", "/v3/conversations"], harness.Fake.Calls.Select(c => c.Path));
    }
}
