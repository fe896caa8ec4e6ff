using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Outbox;
using CohortBot.Resources;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Storage;

/// The store. One model, two providers: each provider has its own subclass so that each keeps
/// its own migrations (<see cref="SqliteCohortDbContext"/>, <see cref="PostgresCohortDbContext"/>).
internal abstract class CohortDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<District> Districts => Set<District>();
    public DbSet<Site> Sites => Set<Site>();
    public DbSet<Cohort> Cohorts => Set<Cohort>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<QuestionSet> QuestionSets => Set<QuestionSet>();
    public DbSet<Round> Rounds => Set<Round>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<RoundStep> RoundSteps => Set<RoundStep>();
    public DbSet<RoundRoll> RoundRolls => Set<RoundRoll>();
    public DbSet<SupportRequest> SupportRequests => Set<SupportRequest>();
    public DbSet<CohortChannel> CohortChannels => Set<CohortChannel>();
    public DbSet<SchoolClosure> SchoolClosures => Set<SchoolClosure>();
    public DbSet<Resource> Resources => Set<Resource>();
    public DbSet<ResourceVote> ResourceVotes => Set<ResourceVote>();
    public DbSet<Nudges.Nudge> Nudges => Set<Nudges.Nudge>();
    public DbSet<Nudges.NudgeRecipient> NudgeRecipients => Set<Nudges.NudgeRecipient>();
    public DbSet<CohortBot.Series.PdSeries> Series => Set<CohortBot.Series.PdSeries>();
    public DbSet<CohortBot.Series.PdSession> Sessions => Set<CohortBot.Series.PdSession>();
    public DbSet<CohortBot.Series.SeriesCommitment> Commitments => Set<CohortBot.Series.SeriesCommitment>();
    public DbSet<CohortBot.Series.SessionAttendance> Attendance => Set<CohortBot.Series.SessionAttendance>();
    public DbSet<CohortBot.Series.SessionReflection> SessionReflections => Set<CohortBot.Series.SessionReflection>();
    public DbSet<CohortBot.Series.SessionStep> SessionSteps => Set<CohortBot.Series.SessionStep>();
    public DbSet<CohortBot.Visits.VisitSlot> VisitSlots => Set<CohortBot.Visits.VisitSlot>();
    public DbSet<CohortBot.Visits.VisitBooking> VisitBookings => Set<CohortBot.Visits.VisitBooking>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Channels.Conversation> Conversations => Set<Channels.Conversation>();
    public DbSet<Channels.Identities.PlatformIdentity> Identities => Set<Channels.Identities.PlatformIdentity>();
    public DbSet<Cohorts.Privacy.ErasedMember> ErasedMembers => Set<Cohorts.Privacy.ErasedMember>();
    public DbSet<Cohorts.Following.CohortFollow> Follows => Set<Cohorts.Following.CohortFollow>();
    public DbSet<Cohorts.Following.CohortDeparture> Departures => Set<Cohorts.Following.CohortDeparture>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CohortDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database, safe to reorder in code.
        configurationBuilder.Properties<MemberRole>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<QuestionKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<RoundStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Platform>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<RoundStepKind>().HaveConversion<string>().HaveMaxLength(16);
    }
}
