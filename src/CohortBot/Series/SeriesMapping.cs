using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Series;

internal sealed class PdSeriesMapping : IEntityTypeConfiguration<PdSeries>
{
    public void Configure(EntityTypeBuilder<PdSeries> series)
    {
        series.Property(s => s.Title).HasMaxLength(200);
        series.HasIndex(s => s.CohortId).IsUnique();
        series.HasOne(s => s.Cohort).WithMany().HasForeignKey(s => s.CohortId).OnDelete(DeleteBehavior.Cascade);
        series.HasMany(s => s.Sessions).WithOne(s => s.Series).HasForeignKey(s => s.SeriesId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PdSessionMapping : IEntityTypeConfiguration<PdSession>
{
    public void Configure(EntityTypeBuilder<PdSession> session)
    {
        session.Property(s => s.Title).HasMaxLength(200);
        session.Property(s => s.Where).HasMaxLength(1000);
        session.Property(s => s.Code).HasMaxLength(8);
        session.HasIndex(s => new { s.SeriesId, s.Title }).IsUnique();
        session.HasIndex(s => s.StartsAt);
        session.HasOne(s => s.Facilitator).WithMany().HasForeignKey(s => s.FacilitatorId).OnDelete(DeleteBehavior.SetNull);
        session.Ignore(s => s.Minutes);
    }
}

internal sealed class SeriesCommitmentMapping : IEntityTypeConfiguration<SeriesCommitment>
{
    public void Configure(EntityTypeBuilder<SeriesCommitment> commitment)
    {
        commitment.Property(c => c.Reason).HasMaxLength(2000);
        commitment.HasIndex(c => new { c.SeriesId, c.MemberId }).IsUnique();
        commitment.HasOne<PdSeries>().WithMany().HasForeignKey(c => c.SeriesId).OnDelete(DeleteBehavior.Cascade);
        commitment.HasOne(c => c.Member).WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Cascade);
        commitment.Ignore(c => c.CommitsToAll);
    }
}

internal sealed class SessionAttendanceMapping : IEntityTypeConfiguration<SessionAttendance>
{
    public void Configure(EntityTypeBuilder<SessionAttendance> attendance)
    {
        // One attendance per teacher per session, however many ways it was recorded.
        attendance.HasIndex(a => new { a.SessionId, a.MemberId }).IsUnique();
        attendance.HasIndex(a => a.MemberId);
        attendance.Property(a => a.Source).HasConversion<string>().HasMaxLength(16);
        attendance.HasOne(a => a.Session).WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        attendance.HasOne(a => a.Member).WithMany().HasForeignKey(a => a.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionReflectionMapping : IEntityTypeConfiguration<SessionReflection>
{
    public void Configure(EntityTypeBuilder<SessionReflection> reflection)
    {
        reflection.Property(r => r.TryFirst).HasMaxLength(3000);
        reflection.HasIndex(r => new { r.SessionId, r.MemberId }).IsUnique();
        reflection.HasIndex(r => new { r.MemberId, r.SubmittedAt });
        reflection.HasOne(r => r.Session).WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        reflection.HasOne<Cohorts.Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionStepMapping : IEntityTypeConfiguration<SessionStep>
{
    public void Configure(EntityTypeBuilder<SessionStep> step)
    {
        step.HasIndex(s => new { s.SessionId, s.Kind, s.OffsetMinutes }).IsUnique();
        step.Property(s => s.Kind).HasConversion<string>().HasMaxLength(16);
        step.HasOne<PdSession>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
