using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Storage;

internal sealed class ProcessedEventMapping : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> processed)
    {
        processed.HasKey(e => new { e.Platform, e.EventId });
        processed.Property(e => e.EventId).HasMaxLength(200);
        processed.HasIndex(e => e.ReceivedAt);
        processed.HasIndex(e => e.HandledAt);
        processed.Property(e => e.Workspace).HasMaxLength(100);
    }
}

internal sealed class AuditEntryMapping : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> audit)
    {
        audit.ToTable("AuditLog");
        audit.Property(a => a.Actor).HasMaxLength(320);
        audit.Property(a => a.Action).HasMaxLength(100);
        audit.Property(a => a.Subject).HasMaxLength(300);
        audit.HasIndex(a => a.At);
        audit.HasIndex(a => new { a.DistrictId, a.At });
        audit.HasOne(a => a.District).WithMany().HasForeignKey(a => a.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}
