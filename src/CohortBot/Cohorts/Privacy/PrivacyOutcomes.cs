using System.Text.Json.Nodes;

namespace CohortBot.Cohorts.Privacy;

/// Everything CohortBot holds about one member, for a person to read (<see cref="MemberPrivacy.ExportAsync"/>),
/// or why it was refused.
internal sealed record MemberExport(JsonObject? Data, string? Refusal)
{
    public bool Succeeded => Data is not null;
}

/// What an erasure removed, kind by kind, in counts only (this is also what the audit entry holds),
/// or why it was refused (then nothing changed).
internal sealed record ErasureReport(string? Refusal, IReadOnlyDictionary<string, int> Counts)
{
    public bool Erased => Refusal is null;

    public static ErasureReport Refused(string why) => new(why, new Dictionary<string, int>());

    public override string ToString() =>
        Erased ? "erased: " + string.Join(", ", Counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key}")) : $"refused: {Refusal}";
}
