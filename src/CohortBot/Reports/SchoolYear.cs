using System.Globalization;

namespace CohortBot.Reports;

/// A school year as districts count it: 1 August to 31 July, named "2025–26" after the years it spans.
internal readonly record struct SchoolYear(int StartYear)
{
    public DateOnly First => new(StartYear, 8, 1);

    public DateOnly Last => new(StartYear + 1, 7, 31);

    public string Name => $"{StartYear}–{(StartYear + 1) % 100:00}";

    public static SchoolYear Of(DateOnly date) => new(date.Month >= 8 ? date.Year : date.Year - 1);

    /// "2025" for the year that starts in August 2025; null for anything else.
    public static SchoolYear? Parse(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100 ? new SchoolYear(year) : null;

    public override string ToString() => Name;
}
