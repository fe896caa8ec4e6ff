using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Resources;

internal sealed class ResourceMapping : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> resource)
    {
        resource.Property(r => r.Title).HasMaxLength(300);
        resource.Property(r => r.Url).HasMaxLength(2000);
        resource.Property(r => r.Description).HasMaxLength(4000);
        resource.HasIndex(r => new { r.CohortId, r.SharedAt });
    }
}
