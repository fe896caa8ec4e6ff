using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.CheckIns;

internal sealed class RoundMapping : IEntityTypeConfiguration<Round>
{
    public void Configure(EntityTypeBuilder<Round> round)
    {
        round.HasIndex(r => new { r.CohortId, r.Number }).IsUnique();
        round.HasIndex(r => new { r.Status, r.OpensAt });
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
