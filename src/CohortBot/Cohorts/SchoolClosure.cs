namespace CohortBot.Cohorts;

/// A break or closure of the district's school calendar (imported from an iCalendar file): no round
/// opens and nobody is reminded on these dates.
internal sealed class SchoolClosure
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public District? District { get; set; }
    public required string Name { get; set; }
    public DateOnly FirstDate { get; set; }

    /// The last closed date, inclusive.
    public DateOnly LastDate { get; set; }
}
