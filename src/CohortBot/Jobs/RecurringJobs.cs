using CohortBot.Channels.Slack;
using CohortBot.CheckIns;
using CohortBot.Outbox;
using CohortBot.Storage;
using Hangfire;

namespace CohortBot.Jobs;

/// Every recurring job, in one place, with a stable id and an explicit time zone. The tables are the
/// truth and these jobs only execute, so registering them again at each start loses nothing.
internal sealed class RecurringJobs(IRecurringJobManager jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        jobs.AddOrUpdate<DeliveryJob>("outbox:send-due", job => job.SendDueAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<SlackEventJob>("slack:pending-events", job => job.HandlePendingAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<RoundScheduler>("rounds:due-steps", scheduler => scheduler.RunDueAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<Nudges.NudgeService>("nudges:due", nudges => nudges.RunDueAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<Series.SeriesService>("series:due", series => series.RunDueAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<Visits.VisitReminders>("visits:due", reminders => reminders.RunDueAsync(CancellationToken.None), Cron.Minutely(), utc);
        jobs.AddOrUpdate<Resources.UnansweredQuestions>("resources:raise-unanswered", questions => questions.RaiseDueAsync(CancellationToken.None), Cron.Hourly(), utc);
        // Each district's nightly sync runs at 02:00 in its own zone: the hourly sweep finds those due.
        jobs.AddOrUpdate<Cohorts.Following.CohortFollowing>("follows:sync-due", following => following.RunDueAsync(CancellationToken.None), Cron.Hourly(), utc);
        jobs.AddOrUpdate<Inbox>("inbox:prune", inbox => inbox.PruneAsync(CancellationToken.None), Cron.Hourly(), utc);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
