using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Nudges;

internal sealed class NudgeMapping : IEntityTypeConfiguration<Nudge>
{
    public void Configure(EntityTypeBuilder<Nudge> nudge)
    {
        nudge.Property(n => n.Message).HasMaxLength(NudgeRequest.MaxMessageLength);
        nudge.Property(n => n.SiteName).HasMaxLength(200);
        nudge.Property(n => n.PreviewedAudience).HasMaxLength(100_000);
        nudge.Property(n => n.ReceiptShown).HasMaxLength(100_000);
        nudge.Property(n => n.Audience).HasConversion<string>().HasMaxLength(16);
        nudge.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        nudge.HasIndex(n => new { n.CohortId, n.Status, n.SentAt });
        nudge.HasIndex(n => new { n.Status, n.SendAt });
        nudge.HasOne(n => n.Cohort).WithMany().HasForeignKey(n => n.CohortId).OnDelete(DeleteBehavior.Cascade);
        nudge.HasMany(n => n.Recipients).WithOne().HasForeignKey(r => r.NudgeId).OnDelete(DeleteBehavior.Cascade);
        nudge.Ignore(n => n.ReceiptKey);
    }
}

internal sealed class NudgeRecipientMapping : IEntityTypeConfiguration<NudgeRecipient>
{
    public void Configure(EntityTypeBuilder<NudgeRecipient> recipient)
    {
        recipient.Property(r => r.DeliveryKey).HasMaxLength(200);
        recipient.HasIndex(r => new { r.NudgeId, r.MemberId }).IsUnique();
        recipient.HasIndex(r => r.MemberId);
        recipient.HasOne(r => r.Member).WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
