namespace CohortBot.Bench.Rig;

/// Percentiles of latencies, and medians of repeated runs with their range.
internal static class Stats
{
    /// The <paramref name="p"/>-th percentile (0–100) of sorted values, nearest rank.
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
            return double.NaN;
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <c>median (min–max)</c> with <paramref name="format"/> applied to each.
    public static string MedianAndRange(IEnumerable<double> values, string format)
    {
        var list = values.ToList();
        if (list.Count == 0)
            return "n/a";
        var median = Median(list).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return list.Count == 1 ? median : $"{median} ({list.Min().ToString(format, System.Globalization.CultureInfo.InvariantCulture)}–{list.Max().ToString(format, System.Globalization.CultureInfo.InvariantCulture)})";
    }
}
