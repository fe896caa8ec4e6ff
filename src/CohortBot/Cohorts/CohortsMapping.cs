using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CohortBot.Cohorts;

internal sealed class DistrictMapping : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> district)
    {
        district.Property(d => d.Name).HasMaxLength(200);
        district.HasIndex(d => d.Name).IsUnique();
        district.Property(d => d.TimeZone).HasMaxLength(64);
        district.Property(d => d.TeamsTenantId).HasMaxLength(100);
        district.Property(d => d.SlackTeamId).HasMaxLength(50);
        district.HasMany(d => d.Sites).WithOne().HasForeignKey(s => s.DistrictId);
        district.HasMany(d => d.Cohorts).WithOne().HasForeignKey(c => c.DistrictId);
        district.HasMany(d => d.Members).WithOne().HasForeignKey(m => m.DistrictId);
        district.HasMany(d => d.QuestionSets).WithOne().HasForeignKey(q => q.DistrictId);
    }
}

internal sealed class SiteMapping : IEntityTypeConfiguration<Site>
{
    public void Configure(EntityTypeBuilder<Site> site)
    {
        site.Property(s => s.Name).HasMaxLength(200);
        site.HasIndex(s => new { s.DistrictId, s.Name }).IsUnique();
    }
}

internal sealed class CohortMapping : IEntityTypeConfiguration<Cohort>
{
    public void Configure(EntityTypeBuilder<Cohort> cohort)
    {
        cohort.Property(c => c.Name).HasMaxLength(200);
        cohort.HasIndex(c => new { c.DistrictId, c.Name }).IsUnique();
        cohort.HasOne(c => c.QuestionSet).WithMany().HasForeignKey(c => c.QuestionSetId).OnDelete(DeleteBehavior.Restrict);
        cohort.OwnsOne(c => c.Schedule, schedule =>
        {
            schedule.ToTable("CohortSchedules");
            schedule.Property(s => s.TimeZone).HasMaxLength(64);
            schedule.Property(s => s.Weekday).HasConversion<string>().HasMaxLength(16);
            schedule.Property(s => s.QuietHours).HasMaxLength(32);
        });
        cohort.HasMany(c => c.Members).WithMany(m => m.Cohorts).UsingEntity("CohortMembers");
    }
}

internal sealed class MemberMapping : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> member)
    {
        member.Property(m => m.DisplayName).HasMaxLength(200);
        member.Property(m => m.Email).HasMaxLength(320);
        member.HasIndex(m => m.Email).IsUnique();
        member.Property(m => m.TimeZone).HasMaxLength(64);
        member.HasOne(m => m.Site).WithMany().HasForeignKey(m => m.SiteId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class QuestionSetMapping : IEntityTypeConfiguration<QuestionSet>
{
    public void Configure(EntityTypeBuilder<QuestionSet> set)
    {
        set.Property(q => q.Name).HasMaxLength(200);
        set.HasIndex(q => new { q.DistrictId, q.Name }).IsUnique();
        set.HasMany(q => q.Questions).WithOne().HasForeignKey(q => q.QuestionSetId);
        set.Navigation(q => q.Questions).AutoInclude();
        set.Property(q => q.Version).IsConcurrencyToken();
    }
}

internal sealed class QuestionMapping : IEntityTypeConfiguration<Question>
{
    public void Configure(EntityTypeBuilder<Question> question)
    {
        question.Property(q => q.Key).HasMaxLength(64);
        question.Property(q => q.Prompt).HasMaxLength(1000);
        question.HasIndex(q => new { q.QuestionSetId, q.Key }).IsUnique();
    }
}

internal sealed class SchoolClosureMapping : IEntityTypeConfiguration<SchoolClosure>
{
    public void Configure(EntityTypeBuilder<SchoolClosure> closure)
    {
        closure.Property(c => c.Name).HasMaxLength(300);
        closure.HasIndex(c => new { c.DistrictId, c.FirstDate });
        closure.HasOne(c => c.District).WithMany().HasForeignKey(c => c.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}
