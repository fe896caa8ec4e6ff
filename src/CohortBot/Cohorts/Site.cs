namespace CohortBot.Cohorts;

/// A school of the district.
internal sealed class Site
{
    public int Id { get; set; }
    public int DistrictId { get; set; }
    public required string Name { get; set; }
}
