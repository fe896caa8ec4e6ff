using System.Globalization;

namespace CohortBot.Tests.CheckIns.Scheduling;

/// Dates and instants written as a reader reads them: "2026-09-01", "2026-10-27T20:30:00Z".
internal static class Dates
{
    public static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IEnumerable<DateOnly> Days(string first, string last)
    {
        for (var date = D(first); date <= D(last); date = date.AddDays(1))
            yield return date;
    }

    public static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
