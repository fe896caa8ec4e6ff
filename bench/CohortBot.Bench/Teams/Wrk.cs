using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CohortBot.Bench.Teams;

/// Drives a closed-loop load with wrk (Debian's package): <c>connections</c> connections, each
/// sending its next request as soon as the last is answered. A Lua script gives every request its
/// own activity id and reports wrk's own latency histogram as JSON.
internal static class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri url, string bodyWithIdPlaceholder, IReadOnlyDictionary<string, string> headers, string idPrefix, int connections, TimeSpan duration, string scriptPath)
    {
        File.WriteAllText(scriptPath, Script(bodyWithIdPlaceholder, headers, idPrefix));
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t1", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--timeout", "10s", "-s", scriptPath, url.ToString() })
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk).");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK_JSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}): {output}{errors}");
        return JsonSerializer.Deserialize<WrkResult>(line["WRK_JSON ".Length..], JsonSerializerOptions.Web)!;
    }

    private static string Script(string body, IReadOnlyDictionary<string, string> headers, string idPrefix)
    {
        var parts = body.Split("{{id}}");
        if (parts.Length != 2)
            throw new ArgumentException("The body needs exactly one {{id}} placeholder.", nameof(body));
        var script = new StringBuilder();
        script.AppendLine("wrk.method = \"POST\"");
        foreach (var (name, value) in headers)
            script.AppendLine(CultureInfo.InvariantCulture, $"wrk.headers[{Lua(name)}] = {Lua(value)}");
        script.AppendLine(CultureInfo.InvariantCulture, $"local before = {Lua(parts[0])}");
        script.AppendLine(CultureInfo.InvariantCulture, $"local after = {Lua(parts[1])}");
        script.AppendLine(CultureInfo.InvariantCulture, $"local prefix = {Lua(idPrefix)}");
        script.AppendLine("""
            local threads = {}
            function setup(thread)
              thread:set("tid", #threads + 1)
              table.insert(threads, thread)
            end
            issued = 0
            function request()
              issued = issued + 1
              return wrk.format(nil, nil, nil, before .. prefix .. tid .. "-" .. issued .. after)
            end
            function done(summary, latency, requests)
              local sent = 0
              for _, thread in ipairs(threads) do sent = sent + thread:get("issued") end
              local e = summary.errors
              io.write(string.format('WRK_JSON {"requests":%d,"issued":%d,"durationMicroseconds":%d,"statusErrors":%d,"socketErrors":%d,"timeouts":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d}\n',
                summary.requests, sent, summary.duration, e.status, e.connect + e.read + e.write, e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
            end
            """);
        return script.ToString();
    }

    private static string Lua(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}

/// What wrk measured: completed requests, requests sent, and latency percentiles in microseconds.
internal sealed record WrkResult(long Requests, long Issued, long DurationMicroseconds, long StatusErrors, long SocketErrors, long Timeouts, long P50, long P90, long P99, long Max)
{
    public double RequestsPerSecond => Requests / (DurationMicroseconds / 1e6);
}
