using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Outbox;

internal sealed class DeliveryMapping : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> delivery)
    {
        delivery.Property(d => d.IdempotencyKey).HasMaxLength(200);
        delivery.HasIndex(d => d.IdempotencyKey).IsUnique();
        delivery.Property(d => d.Address).HasMaxLength(1000);
        delivery.Property(d => d.ReplacesMessageId).HasMaxLength(500);
        delivery.Property(d => d.UpdatesKey).HasMaxLength(200);
        delivery.Property(d => d.Text).HasMaxLength(3000);
        delivery.Property(d => d.CardName).HasMaxLength(100);
        delivery.Property(d => d.PlatformMessageId).HasMaxLength(500);
        delivery.Property(d => d.LastError).HasMaxLength(2000);
        delivery.HasIndex(d => new { d.Status, d.RetryAt });
        // A pressed card is found by its message id: whom it was for, and what to render again.
        delivery.HasIndex(d => d.PlatformMessageId);
        delivery.HasIndex(d => d.MemberId);
    }
}
