namespace CohortBot.Reports;

/// CSV cells as RFC 4180 writes them, safe to open in a spreadsheet.
internal static class Csv
{
    /// One CSV line of cells.
    public static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell));

    public static string Cell(string value)
    {
        // A leading =, +, - or @ makes a spreadsheet run the cell as a formula: a quote in front keeps it text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
