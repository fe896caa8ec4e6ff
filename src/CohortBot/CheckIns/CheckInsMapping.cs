using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.CheckIns;

internal sealed class RoundMapping : IEntityTypeConfiguration<Round>
{
    public void Configure(EntityTypeBuilder<Round> round)
    {
        round.HasIndex(r => new { r.CohortId, r.Number }).IsUnique();
        round.HasIndex(r => new { r.Status, r.OpensAt });
        round.HasMany(r => r.Steps).WithOne().HasForeignKey(s => s.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoundStepMapping : IEntityTypeConfiguration<RoundStep>
{
    public void Configure(EntityTypeBuilder<RoundStep> step)
    {
        step.HasIndex(s => new { s.RoundId, s.Kind, s.OffsetMinutes }).IsUnique();
        step.HasIndex(s => new { s.DoneAt, s.DueAt });
        step.Ignore(s => s.JobName);
    }
}

internal sealed class CheckInMapping : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> checkIn)
    {
        // One check-in per member per round: a second submit edits, never duplicates.
        checkIn.HasIndex(c => new { c.RoundId, c.MemberId }).IsUnique();
    }
}

internal sealed class SupportRequestMapping : IEntityTypeConfiguration<SupportRequest>
{
    public void Configure(EntityTypeBuilder<SupportRequest> request)
    {
        request.Property(r => r.Challenge).HasMaxLength(3000);
        request.Property(r => r.Reply).HasMaxLength(3000);
        request.Property(r => r.OfferedJson).HasMaxLength(4000);
        request.HasIndex(r => new { r.CohortId, r.CreatedAt });
        request.HasIndex(r => new { r.RoundId, r.MemberId });
    }
}

internal sealed class CohortChannelMapping : IEntityTypeConfiguration<CohortChannel>
{
    public void Configure(EntityTypeBuilder<CohortChannel> channel)
    {
        channel.Property(c => c.Address).HasMaxLength(1000);
        channel.Property(c => c.ExternalId).HasMaxLength(500);
        channel.HasIndex(c => new { c.CohortId, c.Platform, c.ExternalId }).IsUnique();
        channel.HasOne(c => c.Cohort).WithMany().HasForeignKey(c => c.CohortId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RoundRollMapping : IEntityTypeConfiguration<RoundRoll>
{
    public void Configure(EntityTypeBuilder<RoundRoll> roll)
    {
        roll.HasKey(r => r.RoundId);
        roll.HasOne<Round>().WithOne().HasForeignKey<RoundRoll>(r => r.RoundId).OnDelete(DeleteBehavior.Cascade);
    }
}
