namespace CohortBot.Storage;

/// Who changed what, for coordinators and district IT. Never holds a teacher's free text.
internal sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? Subject { get; set; }

    /// The district the entry belongs to: <c>audit</c> shows a coordinator their own district's only.
    public int? DistrictId { get; set; }
    public Cohorts.District? District { get; set; }
    public string? DetailsJson { get; set; }
}
