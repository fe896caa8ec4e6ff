using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using ScottPlot;

namespace CohortBot.Reports;

/// A chart as a page shows it: the SVG drawn on the server (ScottPlot), a sentence that says what it
/// shows for screen readers, and the numbers themselves as a table beside it.
internal sealed record Chart(string Title, string Svg, string Summary, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// One line of a chart: its name and a value per round (null where there is none).
internal sealed record ChartLine(string Name, IReadOnlyList<double?> Values);

internal static class Charts
{
    private const int Width = 720;
    private const int Height = 300;

    /// At most this many labelled ticks on the x axis (a label every few rounds beyond it).
    private const int MaxTicks = 20;

    // Drawing a chart takes ScottPlot some tens of milliseconds, and the same figures draw the same
    // chart: drawn charts are kept by their inputs (closed rounds' figures never change), up to about 32 MB.
    private static readonly MemoryCache Drawn = new(new MemoryCacheOptions { SizeLimit = 16 * 1024 * 1024 });

    // Colours a reader tells apart, also in print and with the common colour-vision deficiencies (Okabe-Ito).
    private static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#F0E442"),
    ];

    /// Lines over the rounds. <paramref name="unit"/> names the y axis ("% of invited", "teachers", "1-5").
    public static Chart Lines(string title, string unit, IReadOnlyList<string> rounds, IReadOnlyList<ChartLine> series, double? yMin = null, double? yMax = null, IReadOnlyList<double?>? spread = null, string format = "0.#")
    {
        var key = Key(title, unit, rounds, series, yMin, yMax, spread);
        if (!Drawn.TryGetValue(key, out string? svg) || svg is null)
        {
            svg = Draw(title, unit, rounds, series, yMin, yMax, spread);
            Drawn.Set(key, svg, new MemoryCacheEntryOptions { Size = svg.Length, SlidingExpiration = TimeSpan.FromHours(12) });
        }

        var columns = new List<string> { "Check-in" };
        columns.AddRange(series.Select(s => s.Name));
        if (spread is not null)
            columns.Add("Spread (SD)");
        var rows = rounds.Select((round, i) =>
        {
            var row = new List<string> { round };
            row.AddRange(series.Select(s => s.Values[i] is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–"));
            if (spread is not null)
                row.Add(spread[i] is { } e ? e.ToString("0.0", CultureInfo.InvariantCulture) : "–");
            return (IReadOnlyList<string>)row;
        }).ToList();
        return new Chart(title, svg, Summarize(title, unit, rounds, series, format), columns, rows);
    }

    private static string Draw(string title, string unit, IReadOnlyList<string> rounds, IReadOnlyList<ChartLine> series, double? yMin, double? yMax, IReadOnlyList<double?>? spread)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.YLabel(unit);
        plot.XLabel("Check-in");
        var xs = Enumerable.Range(1, rounds.Count).Select(i => (double)i).ToArray();
        for (var s = 0; s < series.Count; s++)
        {
            var points = series[s].Values.Select((v, i) => (X: xs[i], Y: v)).Where(p => p.Y is not null).ToList();
            if (points.Count == 0)
                continue;
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y!.Value).ToArray());
            line.LegendText = series[s].Name;
            line.Color = Palette[s % Palette.Length];
            line.LineWidth = 2;
            line.MarkerSize = rounds.Count > 30 ? 3 : 6;
            line.LinePattern = (s / Palette.Length) == 0 ? LinePattern.Solid : LinePattern.Dashed;
            if (s == 0 && spread is not null)
            {
                var bars = series[0].Values.Select((v, i) => (X: xs[i], Y: v, E: spread[i])).Where(p => p.Y is not null && p.E is not null).ToList();
                if (bars.Count > 0)
                {
                    var error = plot.Add.ErrorBar(bars.Select(b => b.X).ToArray(), bars.Select(b => b.Y!.Value).ToArray(), bars.Select(b => b.E!.Value).ToArray());
                    error.Color = Palette[0].WithAlpha(.6);
                }
            }
        }
        var every = (rounds.Count + MaxTicks - 1) / MaxTicks;
        var ticks = Enumerable.Range(0, rounds.Count).Where(i => i % Math.Max(1, every) == 0).ToList();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks.Select(i => xs[i])], [.. ticks.Select(i => rounds[i])]);
        plot.Axes.SetLimitsX(0.5, Math.Max(1.5, rounds.Count + 0.5));
        if (yMin is not null || yMax is not null)
            plot.Axes.SetLimitsY(yMin ?? 0, yMax ?? series.SelectMany(s => s.Values).OfType<double>().DefaultIfEmpty(1).Max() * 1.15);
        if (series.Count > 1)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }
        return Clean(plot.GetSvgXml(Width, Height));
    }

    /// What a chart is drawn from, as a short key.
    private static string Key(string title, string unit, IReadOnlyList<string> rounds, IReadOnlyList<ChartLine> series, double? yMin, double? yMax, IReadOnlyList<double?>? spread)
    {
        var text = new StringBuilder();
        void Values(IEnumerable<double?> values) => text.AppendJoin(',', values.Select(v => v?.ToString("R", CultureInfo.InvariantCulture) ?? "-")).Append('\n');
        text.Append(title).Append('\n').Append(unit).Append('\n').AppendJoin(',', rounds).Append('\n');
        Values([yMin, yMax]);
        foreach (var line in series)
        {
            text.Append(line.Name).Append('\n');
            Values(line.Values);
        }
        if (spread is not null)
            Values(spread);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// A small line of the last rounds' participation (0-1), for a list of cohorts.
    public static string Sparkline(IReadOnlyList<double> shares, string label)
    {
        const int w = 120, h = 28;
        if (shares.Count == 0)
            return "";
        var step = shares.Count == 1 ? 0 : (w - 4.0) / (shares.Count - 1);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"spark\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<polyline fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2\" points=\"");
        for (var i = 0; i < shares.Count; i++)
        {
            if (i > 0)
                svg.Append(' ');
            AppendTenths(svg, 2 + i * step).Append(',');
            AppendTenths(svg, h - 2 - shares[i] * (h - 4));
        }
        svg.Append("\"/></svg>");
        return svg.ToString();
    }

    /// <paramref name="value"/> to one decimal place, as the format "0.#" writes it: a member's sparkline
    /// on the cohort page is a hundred of these, and the custom format's digit generation was most of its cost.
    private static StringBuilder AppendTenths(StringBuilder to, double value)
    {
        var tenths = (long)Math.Round(value * 10, MidpointRounding.AwayFromZero);
        if (tenths < 0)
            to.Append('-');
        to.Append(CultureInfo.InvariantCulture, $"{Math.Abs(tenths) / 10}");
        return tenths % 10 == 0 ? to : to.Append(CultureInfo.InvariantCulture, $".{Math.Abs(tenths) % 10}");
    }

    private static string Summarize(string title, string unit, IReadOnlyList<string> rounds, IReadOnlyList<ChartLine> series, string format)
    {
        if (rounds.Count == 0)
            return $"{title}: no check-ins yet.";
        var parts = series.Take(4).Select(s =>
        {
            var values = s.Values.OfType<double>().ToList();
            if (values.Count == 0)
                return $"{s.Name}: no values";
            return $"{s.Name} from {values[0].ToString(format, CultureInfo.InvariantCulture)} to {values[^1].ToString(format, CultureInfo.InvariantCulture)}";
        });
        return $"{title} ({unit}), check-ins {rounds[0]} to {rounds[^1]}: {string.Join("; ", parts)}{(series.Count > 4 ? $"; and {series.Count - 4} more lines in the table" : "")}.";
    }

    /// The SVG as a page embeds it: no XML declaration, scaling with the page.
    private static string Clean(string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start > 0 ? svg[start..] : svg;
        // A viewBox, so that the chart scales with its column instead of being cropped to it.
        var viewBox = svg.Contains("viewBox", StringComparison.Ordinal) ? "" : $"viewBox=\"0 0 {Width} {Height}\" ";
        return svg.Replace("<svg ", $"<svg aria-hidden=\"true\" focusable=\"false\" {viewBox}preserveAspectRatio=\"xMidYMid meet\" ", StringComparison.Ordinal);
    }
}
