using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace CohortBot.Cards.Tests.Templating;

/// <summary>
/// Microsoft's JavaScript packages as the reference: the templating engine through conformance/expand.js, and (through
/// <see cref="Run"/>) the other scripts there, such as the card parser's conformance/parse.js.
/// </summary>
internal static class OfficialEngine
{
    public static string ConformanceDirectory { get; } = typeof(OfficialEngine).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ConformanceDirectory").Value!;

    public static string FixturesDirectory => Path.Combine(ConformanceDirectory, "fixtures");

    /// <summary>One request: <c>{template, data, host}</c>. Returns <c>{output}</c> or <c>{error}</c>.</summary>
    /// <param name="template">The template.</param>
    /// <param name="data">The data bound to <c>$root</c>.</param>
    /// <param name="host">The data bound to <c>$host</c>.</param>
    /// <param name="now">The instant the engine's clock reads (<c>utcNow()</c> and the like); the real clock when null.</param>
    public static JsonObject Expand(JsonNode? template, JsonNode? data, JsonNode? host = null, DateTimeOffset? now = null) =>
        Run("expand.js", "adaptivecards-templating", Request(template, data, host, now)).AsObject();

    /// <summary>Many requests in one node process; the answers come back in order.</summary>
    public static IReadOnlyList<JsonObject> ExpandAll(IEnumerable<(JsonNode? Template, JsonNode? Data)> requests, DateTimeOffset? now = null) =>
        [.. Run("expand.js", "adaptivecards-templating", new JsonArray([.. requests.Select(r => Request(r.Template, r.Data, null, now))])).AsArray().Select(n => n!.AsObject())];

    private static JsonObject Request(JsonNode? template, JsonNode? data, JsonNode? host, DateTimeOffset? now)
    {
        var request = new JsonObject { ["template"] = template?.DeepClone(), ["data"] = data?.DeepClone() };
        if (host is not null)
        {
            request["host"] = host.DeepClone();
        }

        if (now is { } instant)
        {
            request["now"] = instant.ToUnixTimeMilliseconds();
        }

        return request;
    }

    /// <summary>Runs one of conformance/'s node scripts with <paramref name="request"/> as JSON on stdin; returns its JSON answer.</summary>
    /// <param name="script">The script's file name in conformance/.</param>
    /// <param name="package">The npm package the script needs, to say what is missing when <c>npm ci</c> has not run.</param>
    /// <param name="request">What the script reads on stdin.</param>
    public static JsonNode Run(string script, string package, JsonNode request)
    {
        var packages = Path.Combine(ConformanceDirectory, "node_modules", package);
        if (!Directory.Exists(packages))
        {
            Assert.Fail($"The official package {package} is not installed: run `npm ci` in {ConformanceDirectory}.");
        }

        var start = new ProcessStartInfo("node", script)
        {
            WorkingDirectory = ConformanceDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The official engine formats numbers and dates with the host's locale and time zone; pin them.
        start.Environment["LC_ALL"] = "en_US.UTF-8";
        start.Environment["TZ"] = "UTC";

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            Assert.Fail($"Cannot run node (needed for the conformance tests): {ex.Message}");
            throw;
        }

        using (process)
        {
            process.StandardInput.Write(request.ToJsonString());
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"node {script} did not finish within 60 seconds.");
            }

            if (process.ExitCode != 0)
            {
                Assert.Fail($"node {script} exited with {process.ExitCode}: {stderr.Result}");
            }

            return JsonNode.Parse(stdout.Result)!;
        }
    }
}
