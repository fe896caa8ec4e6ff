using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Visits;

internal sealed class VisitSlotMapping : IEntityTypeConfiguration<VisitSlot>
{
    public void Configure(EntityTypeBuilder<VisitSlot> slot)
    {
        slot.Property(s => s.Model).HasMaxLength(100);
        slot.Property(s => s.Grade).HasMaxLength(50);
        slot.Property(s => s.Room).HasMaxLength(200);
        slot.Property(s => s.Note).HasMaxLength(1000);
        // One slot per host per start: importing the same slot again finds it.
        slot.HasIndex(s => new { s.HostId, s.StartsAt }).IsUnique();
        slot.HasIndex(s => new { s.CancelledAt, s.StartsAt });
        slot.HasOne(s => s.Host).WithMany().HasForeignKey(s => s.HostId).OnDelete(DeleteBehavior.Cascade);
        slot.HasMany(s => s.Bookings).WithOne(b => b.Slot).HasForeignKey(b => b.SlotId).OnDelete(DeleteBehavior.Cascade);
        slot.ToTable(t => t.HasCheckConstraint("CK_VisitSlots_Seats", "\"BookedSeats\" >= 0 AND \"BookedSeats\" <= \"Seats\""));
    }
}

internal sealed class VisitBookingMapping : IEntityTypeConfiguration<VisitBooking>
{
    public void Configure(EntityTypeBuilder<VisitBooking> booking)
    {
        booking.Property(b => b.Reflection).HasMaxLength(3000);
        booking.HasIndex(b => new { b.SlotId, b.VisitorId }).IsUnique();
        booking.HasIndex(b => b.VisitorId);
        booking.HasOne(b => b.Visitor).WithMany().HasForeignKey(b => b.VisitorId).OnDelete(DeleteBehavior.Cascade);
    }
}
