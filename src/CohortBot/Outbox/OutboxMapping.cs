using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Outbox;

internal sealed class DeliveryMapping : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> delivery)
    {
        delivery.Property(d => d.IdempotencyKey).HasMaxLength(200);
        delivery.HasIndex(d => d.IdempotencyKey).IsUnique();
        delivery.Property(d => d.Target).HasMaxLength(1000);
        delivery.Property(d => d.Text).HasMaxLength(3000);
        delivery.Property(d => d.CardName).HasMaxLength(100);
        delivery.Property(d => d.PlatformMessageId).HasMaxLength(500);
        delivery.Property(d => d.LastError).HasMaxLength(2000);
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
    }
}
