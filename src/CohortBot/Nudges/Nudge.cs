using CohortBot.Cohorts;
using CohortBot.Outbox;

namespace CohortBot.Nudges;

/// Who a nudge is for.
internal enum NudgeAudience
{
    /// The teachers who have not answered the open round (the default).
    Pending,

    /// Every teacher of the cohort.
    All,

    /// Every teacher of the cohort at one site.
    Site,
}

internal enum NudgeStatus
{
    /// Shown to the one who asked for it, with Send and Cancel; nothing sent.
    Preview,

    /// Send was pressed for a later time: it goes then, to the audience of that moment.
    Scheduled,

    /// Send was pressed (or its time came) and its deliveries are being written; <see cref="Nudge.SentAt"/>
    /// holds when. One left here by a crash goes back to what it was.
    Sending,

    /// Sent: one delivery per recipient, and a receipt to the sender.
    Sent,

    Cancelled,
}

/// A message a coordinator (or a coach, where the cohort allows it) sends on demand to teachers of a
/// cohort. It is previewed first; only Send sends it, once; the receipt follows each recipient's outcome.
internal sealed class Nudge
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }

    /// The open round when it was asked for: the one a pending audience has not answered.
    public int? RoundId { get; set; }

    /// Who asked for it, and the platform they asked on: the receipt goes to their 1:1 chat there.
    public int ByMemberId { get; set; }
    public Platform ByPlatform { get; set; }

    public NudgeAudience Audience { get; set; }
    public string? SiteName { get; set; }

    /// The message as the teachers read it. A coordinator's words, never logged.
    public required string Message { get; set; }

    /// Sent despite the cohort's cool-down (<c>--force</c>).
    public bool Force { get; set; }

    public NudgeStatus Status { get; set; }

    /// When the preview was made (or last refreshed): a preview older than <see cref="NudgeService.PreviewLifetime"/> is shown again, not sent.
    public DateTimeOffset PreviewedAt { get; set; }

    /// The recipients the preview showed (member ids, sorted, comma-separated): Send refreshes a preview whose audience changed since.
    public required string PreviewedAudience { get; set; }

    /// For a scheduled nudge: when it goes.
    public DateTimeOffset? SendAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// What the receipt last showed (to update it only when something changed), and how many updates it had.
    public string? ReceiptShown { get; set; }
    public int ReceiptUpdates { get; set; }

    /// When the receipt stopped following (every delivery settled and the round closed, or a week went by).
    public DateTimeOffset? ReceiptSettledAt { get; set; }

    public List<NudgeRecipient> Recipients { get; } = [];

    public string ReceiptKey => $"nudge:{Id}/receipt";
}

/// One teacher a nudge was sent to, and the key of the delivery that carries it.
internal sealed class NudgeRecipient
{
    public int Id { get; set; }
    public int NudgeId { get; set; }
    public int MemberId { get; set; }
    public Member? Member { get; set; }
    public required string DeliveryKey { get; set; }
}
