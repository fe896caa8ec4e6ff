using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Slack.Tests;

public sealed class PacingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<TimeSpan> Start(SlackPacer pacer, string method, string? channel, TimeProvider time, CancellationToken ct) =>
        pacer.WaitAsync(method, channel, ct).AsTask();

    [Theory]
    [InlineData("chat.postMessage", SlackTier.PostMessage)]
    [InlineData("chat.update", SlackTier.Tier3)]
    [InlineData("chat.postEphemeral", SlackTier.Tier4)]
    [InlineData("views.open", SlackTier.Tier4)]
    [InlineData("views.publish", SlackTier.Tier4)]
    [InlineData("users.info", SlackTier.Tier4)]
    [InlineData("users.lookupByEmail", SlackTier.Tier3)]
    [InlineData("users.list", SlackTier.Tier2)]
    [InlineData("conversations.members", SlackTier.Tier4)]
    [InlineData("conversations.info", SlackTier.Tier3)]
    [InlineData("reactions.add", SlackTier.Tier3)]
    public void MethodTable_GivesThePublishedTier(string method, SlackTier tier) => Assert.Equal(tier, SlackApiMethods.Get(method).Tier);

    [Fact]
    public void Defaults_AreSlacksPublishedRates()
    {
        var pacer = new SlackPacer(new SlackPacingOptions());
        Assert.Equal((20, 50, 100), (pacer.PerMinute(SlackTier.Tier2), pacer.PerMinute(SlackTier.Tier3), pacer.PerMinute(SlackTier.Tier4)));
        Assert.Equal(10, pacer.Burst(pacer.PerMinute(SlackTier.Tier4)));
    }

    [Fact]
    public void Burst_FirstPermitsAreImmediate_TheRestWait()
    {
        // Tier 3 at 50 a minute: a burst of 5, then one every 1.2 s.
        var pacer = new SlackPacer(new SlackPacingOptions());
        var waits = Enumerable.Range(0, 8).Select(_ => Start(pacer, "chat.update", "C1", TimeProvider.System, Ct)).ToList();
        Assert.All(waits.Take(5), w => Assert.True(w.IsCompletedSuccessfully));
        Assert.All(waits.Skip(5), w => Assert.False(w.IsCompleted));
    }

    [Fact]
    public async Task Methods_HaveSeparateBuckets()
    {
        var pacer = new SlackPacer(new SlackPacingOptions());
        for (var i = 0; i < 5; i++)
            await Start(pacer, "chat.update", "C1", TimeProvider.System, Ct);
        Assert.True(Start(pacer, "users.info", null, TimeProvider.System, Ct).IsCompletedSuccessfully);
        Assert.False(Start(pacer, "chat.update", "C1", TimeProvider.System, Ct).IsCompleted);
    }

    [Fact]
    public void PostMessage_OneChannelIsPacedSeparatelyFromOthers()
    {
        // 60 a minute per channel with a 6 s burst = 6 at once to one channel; other channels (each DM) are not held back.
        var pacer = new SlackPacer(new SlackPacingOptions());
        for (var i = 0; i < 6; i++)
            Assert.True(Start(pacer, "chat.postMessage", "C1", TimeProvider.System, Ct).IsCompletedSuccessfully);
        Assert.False(Start(pacer, "chat.postMessage", "C1", TimeProvider.System, Ct).IsCompleted);
        for (var i = 0; i < 20; i++)
            Assert.True(Start(pacer, "chat.postMessage", $"U{i}", TimeProvider.System, Ct).IsCompletedSuccessfully);
    }

    [Fact]
    public void PostMessage_FanOutBeyondTheWorkspaceBurst_Waits()
    {
        // 300 a minute across the workspace with a 6 s burst: 30 go at once, the 31st waits.
        var pacer = new SlackPacer(new SlackPacingOptions());
        for (var i = 0; i < 30; i++)
            Assert.True(Start(pacer, "chat.postMessage", $"U{i}", TimeProvider.System, Ct).IsCompletedSuccessfully);
        Assert.False(Start(pacer, "chat.postMessage", "U31", TimeProvider.System, Ct).IsCompleted);
    }

    [Fact]
    public async Task QueuedCalls_AreReleasedAtTheTiersRate()
    {
        // 600 a minute (one per 100 ms), burst 1: ten calls take at least 900 ms, never fail.
        var pacer = new SlackPacer(new SlackPacingOptions { Tier4PerMinute = 600, BurstSeconds = 0 });
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Start(pacer, "users.info", null, TimeProvider.System, Ct)));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Disabled_NeverWaits()
    {
        var pacer = new SlackPacer(new SlackPacingOptions { Enabled = false }, new FakeTimeProvider());
        for (var i = 0; i < 1000; i++)
            Assert.True(Start(pacer, "chat.update", "C1", new FakeTimeProvider(), Ct).IsCompletedSuccessfully);
    }

    [Fact]
    public void PostMessage_AMinuteNeverHoldsMoreThanTheMinutesWorth()
    {
        // A token bucket of 300 a minute with a 6 s burst lets 330 go in the first minute; Slack counts 300.
        var time = new FakeTimeProvider();
        var pacer = new SlackPacer(new SlackPacingOptions(), time);
        var sent = 0;
        for (var tenth = 0; tenth < 600; tenth++)
        {
            while (pacer.TryAcquire("chat.postMessage", $"U{sent}"))
                sent++;
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.InRange(sent, 290, 300);
    }

    [Fact]
    public void TooManyRequests_TeachesTheWorkspaceLimit_AndHoldsTheMethod()
    {
        var time = new FakeTimeProvider();
        var pacer = new SlackPacer(new SlackPacingOptions { BurstSeconds = 60 }, time);
        // Up for over a minute: the pacer has seen all Slack counted.
        time.Advance(TimeSpan.FromMinutes(2));
        for (var i = 0; i < 121; i++)
            Assert.True(Start(pacer, "chat.postMessage", $"U{i}", time, Ct).IsCompletedSuccessfully);

        // Slack let 120 through and refused the 121st: the workspace allows 120 a minute, not 300.
        pacer.TooManyRequests("chat.postMessage", "U120", TimeSpan.FromSeconds(5));

        Assert.Equal(120, pacer.LimitOf("chat.postMessage"));
        Assert.Equal(50, pacer.LimitOf("chat.update"));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(Start(pacer, "chat.postMessage", "U200", time, Ct).IsCompleted);
        Assert.True(Start(pacer, "chat.update", "C1", time, Ct).IsCompletedSuccessfully);
    }

    [Fact]
    public void TooManyRequests_InTheFirstMinute_HoldsButLearnsNothing()
    {
        // Just restarted: Slack still counts what the last process sent, which this pacer never saw.
        var time = new FakeTimeProvider();
        var pacer = new SlackPacer(new SlackPacingOptions(), time);
        for (var i = 0; i < 5; i++)
            Assert.True(Start(pacer, "chat.postMessage", $"U{i}", time, Ct).IsCompletedSuccessfully);

        pacer.TooManyRequests("chat.postMessage", "U5", TimeSpan.FromSeconds(2));

        Assert.Equal(300, pacer.LimitOf("chat.postMessage"));
        Assert.False(Start(pacer, "chat.postMessage", "U6", time, Ct).IsCompleted);
    }

    [Fact]
    public void TooManyRequests_OnABusyChannel_HoldsThatChannelOnly()
    {
        var time = new FakeTimeProvider();
        var pacer = new SlackPacer(new SlackPacingOptions(), time);
        Assert.True(Start(pacer, "chat.postMessage", "C1", time, Ct).IsCompletedSuccessfully);
        Assert.True(Start(pacer, "chat.postMessage", "C1", time, Ct).IsCompletedSuccessfully);

        pacer.TooManyRequests("chat.postMessage", "C1", TimeSpan.FromSeconds(3));

        Assert.Equal(300, pacer.LimitOf("chat.postMessage"));
        Assert.True(Start(pacer, "chat.postMessage", "U1", time, Ct).IsCompletedSuccessfully);
        Assert.False(Start(pacer, "chat.postMessage", "C1", time, Ct).IsCompleted);
    }

    [Fact]
    public async Task WaitingCall_IsCancellable()
    {
        var pacer = new SlackPacer(new SlackPacingOptions { Tier2PerMinute = 1 });
        using var cts = new CancellationTokenSource();
        for (var i = 0; i < 5; i++)
            await Start(pacer, "chat.update", "C1", TimeProvider.System, Ct);
        var waiting = Start(pacer, "chat.update", "C1", TimeProvider.System, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task Client_PacesCallsThroughTheTable()
    {
        // Lifted pace as a benchmark would set it: users.info at 600 a minute with no burst, so 5 calls take at least 300 ms.
        await using var slack = await SlackApiFixture.StartAsync(o => o.Pacing = new SlackPacingOptions { Tier4PerMinute = 600, BurstSeconds = 0 });
        slack.Fake.AddUser("U0002", "ana@district.example");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => slack.Client.GetUserInfoAsync("U0002", Ct)));
        clock.Stop();

        Assert.Equal(5, slack.Fake.CallsOf("users.info").Count);
        // One permit every 100 ms: five calls cannot all be done before at least three full periods
        // pass, however the first permit lines up with the limiter's timer. (Measured on the client:
        // arrival times at the fake also carry connection set-up, which squeezes their spread.)
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"five calls took {clock.Elapsed}");
    }
}
