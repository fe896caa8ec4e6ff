namespace CohortBot.Bench.Rig;

/// What the figures were measured on.
internal static class Machine
{
    public static IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["date (UTC)"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        ["cpu"] = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?",
        ["nproc"] = BotProcess.Run("nproc", "--all").Trim(),
        ["memory"] = File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim(),
        ["kernel"] = BotProcess.Run("uname", "-r").Trim(),
        [".NET"] = Environment.Version.ToString(),
        ["node"] = BotProcess.Run("node", "--version").Trim(),
        ["wrk"] = BotProcess.Run("sh", "-c", "wrk -v 2>&1 | head -1").Trim(),
    };
}
