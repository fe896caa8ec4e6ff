using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CohortBot.Bench.Rig;

/// How to start one bot under test: the command, its environment and where it answers.
internal sealed record Subject(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    Uri BaseAddress,
    string ReadinessPath)
{
    /// CohortBot as published by <c>bench/run</c> (Release), in Production, on a fresh SQLite file
    /// and in-memory Hangfire: the embedded default, plus <paramref name="settings"/>. A
    /// <paramref name="profiled"/> run writes the JIT's perf map (for <see cref="BotProcess.ProfileAsync"/>).
    public static Subject CohortBot(Paths paths, string dataDirectory, IReadOnlyDictionary<string, string> settings, string environment = "Production", bool profiled = false)
    {
        var address = FreeAddress();
        var variables = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
            ["ConnectionStrings__CohortBot"] = $"Data Source={Path.Combine(dataDirectory, "cohortbot.db")}",
            ["DOTNET_NOLOGO"] = "1",
        };
        if (profiled)
        {
            variables["DOTNET_PerfMapEnabled"] = "1";
            // perf names JIT-compiled code only where it is mapped once, not double-mapped for W^X.
            variables["DOTNET_EnableWriteXorExecute"] = "0";
        }
        foreach (var (key, value) in settings)
            variables[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        // Experiments: BENCH_COHORTBOT_ENV="Key=Value;Key=Value" adds settings to CohortBot's runs.
        foreach (var pair in (System.Environment.GetEnvironmentVariable("BENCH_COHORTBOT_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            variables[pair.Split('=', 2)[0].Replace(":", "__", StringComparison.Ordinal)] = pair.Split('=', 2)[1];
        return new Subject("CohortBot", "dotnet", [Path.Combine(paths.PublishedBot, "CohortBot.dll")], variables, paths.PublishedBot, address, "readyz");
    }

    /// A peer on Node.js: <c>node {script}</c> in its folder, told its port in <c>PORT</c>.
    public static Subject Node(string name, string folder, string script, IReadOnlyDictionary<string, string> settings, string readinessPath)
    {
        var address = FreeAddress();
        var variables = new Dictionary<string, string>(settings) { ["PORT"] = address.Port.ToString(CultureInfo.InvariantCulture), ["NODE_ENV"] = "production" };
        return new Subject(name, "node", [script], variables, folder, address, readinessPath);
    }

    private static Uri FreeAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return new Uri($"http://127.0.0.1:{port}/");
    }
}

/// Where things are: the repository, the published bot, the peers, the results.
internal sealed record Paths(string Root)
{
    public string PublishedBot => Path.Combine(Root, "bench", ".out", "cohortbot");

    public string Peers => Path.Combine(Root, "bench", "peers");

    public string Results => Path.Combine(Root, "bench", "results");

    /// A fresh scratch folder for one run (its database, its logs).
    public string Scratch(string name)
    {
        var folder = Path.Combine(Root, "bench", ".out", "runs", name);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static Paths Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "CohortBot.sln")))
                return new Paths(folder.FullName);
        }
        throw new InvalidOperationException("Run the benchmarks from inside the repository (CohortBot.sln not found above the program).");
    }
}
