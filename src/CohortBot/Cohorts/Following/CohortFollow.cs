using CohortBot.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Cohorts.Following;

/// A cohort whose members are those of a Teams team (or channel) or a Slack channel: set by the
/// roster's <c>follows:</c>, the cohort's page, or <c>follow COHORT</c> written there. One per cohort.
internal sealed class CohortFollow
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public Cohort? Cohort { get; set; }
    public Platform Platform { get; set; }

    /// Teams: the team's (or channel's) conversation id that <c>pagedmembers</c> takes. Slack: the channel id.
    public required string GroupId { get; set; }

    public DateTimeOffset FollowedAt { get; set; }
    public required string FollowedBy { get; set; }

    /// The last sync tried, and the last that read the whole roster and applied it.
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? LastSyncedAt { get; set; }

    /// Why the last sync could not read the roster, until one succeeds.
    public string? LastError { get; set; }

    /// Who the last sync could not match (names and reasons), so that a coordinator is told of them
    /// when they change rather than every night.
    public string? UnmatchedJson { get; set; }
}

/// A member who left a followed team or channel: no longer in the cohort (so nobody asks them), their
/// check-ins kept. Closed when they come back.
internal sealed class CohortDeparture
{
    public int Id { get; set; }
    public int CohortId { get; set; }
    public int MemberId { get; set; }
    public Member? Member { get; set; }
    public DateTimeOffset LeftAt { get; set; }
    public required string LeftBy { get; set; }
    public DateTimeOffset? ReturnedAt { get; set; }
}

internal sealed class CohortFollowMapping : IEntityTypeConfiguration<CohortFollow>
{
    public void Configure(EntityTypeBuilder<CohortFollow> follow)
    {
        follow.ToTable("CohortFollows");
        follow.HasIndex(f => f.CohortId).IsUnique();
        follow.HasOne(f => f.Cohort).WithMany().HasForeignKey(f => f.CohortId).OnDelete(DeleteBehavior.Cascade);
        follow.Property(f => f.GroupId).HasMaxLength(500);
        follow.Property(f => f.FollowedBy).HasMaxLength(320);
        follow.Property(f => f.LastError).HasMaxLength(500);
    }
}

internal sealed class CohortDepartureMapping : IEntityTypeConfiguration<CohortDeparture>
{
    public void Configure(EntityTypeBuilder<CohortDeparture> departure)
    {
        departure.ToTable("CohortDepartures");
        departure.HasIndex(d => new { d.CohortId, d.MemberId });
        departure.HasOne<Cohort>().WithMany().HasForeignKey(d => d.CohortId).OnDelete(DeleteBehavior.Cascade);
        departure.HasOne(d => d.Member).WithMany().HasForeignKey(d => d.MemberId).OnDelete(DeleteBehavior.Cascade);
        departure.Property(d => d.LeftBy).HasMaxLength(320);
    }
}
