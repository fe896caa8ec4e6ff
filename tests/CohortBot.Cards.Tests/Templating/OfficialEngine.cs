using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;

namespace CohortBot.Cards.Tests.Templating;

/// <summary>Microsoft's JavaScript templating engine, run through conformance/expand.js, as the reference.</summary>
internal static class OfficialEngine
{
    public static string ConformanceDirectory { get; } = typeof(OfficialEngine).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ConformanceDirectory").Value!;

    public static string FixturesDirectory => Path.Combine(ConformanceDirectory, "fixtures");

    /// <summary>One request: <c>{template, data, host}</c>. Returns <c>{output}</c> or <c>{error}</c>.</summary>
    public static JsonObject Expand(JsonNode? template, JsonNode? data, JsonNode? host = null) =>
        Run(Request(template, data, host)).AsObject();

    /// <summary>Many requests in one node process; the answers come back in order.</summary>
    public static IReadOnlyList<JsonObject> ExpandAll(IEnumerable<(JsonNode? Template, JsonNode? Data)> requests) =>
        [.. Run(new JsonArray([.. requests.Select(r => Request(r.Template, r.Data, null))])).AsArray().Select(n => n!.AsObject())];

    private static JsonObject Request(JsonNode? template, JsonNode? data, JsonNode? host)
    {
        var request = new JsonObject { ["template"] = template?.DeepClone(), ["data"] = data?.DeepClone() };
        if (host is not null)
        {
            request["host"] = host.DeepClone();
        }

        return request;
    }

    private static JsonNode Run(JsonNode request)
    {
        var packages = Path.Combine(ConformanceDirectory, "node_modules", "adaptivecards-templating");
        if (!Directory.Exists(packages))
        {
            Assert.Fail($"The official engine is not installed: run `npm ci` in {ConformanceDirectory}.");
        }

        var start = new ProcessStartInfo("node", "expand.js")
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
                Assert.Fail("node expand.js did not finish within 60 seconds.");
            }

            if (process.ExitCode != 0)
            {
                Assert.Fail($"node expand.js exited with {process.ExitCode}: {stderr.Result}");
            }

            return JsonNode.Parse(stdout.Result)!;
        }
    }
}
