using System.Diagnostics;
using System.Globalization;

namespace CohortBot.Bench.Rig;

/// A bot under test: a child process pinned to one core with <c>taskset</c>, its output in a log
/// file, with its CPU time and memory read from <c>/proc</c>.
internal sealed class BotProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private static readonly Lazy<long> TicksPerSecond = new(() => long.Parse(Run("getconf", "CLK_TCK").Trim(), CultureInfo.InvariantCulture));
    private readonly Process _process;

    private BotProcess(Process process, Uri baseAddress, TimeSpan startup)
    {
        _process = process;
        BaseAddress = baseAddress;
        Startup = startup;
    }

    public Uri BaseAddress { get; }

    /// From process start to the first 200 of the readiness URL.
    public TimeSpan Startup { get; }

    public int Id => _process.Id;

    /// Starts <paramref name="subject"/> on <paramref name="core"/> (null: unpinned) and waits until
    /// its readiness URL answers 200.
    public static async Task<BotProcess> StartAsync(Subject subject, int? core, string logPath, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo
        {
            FileName = core is null ? subject.FileName : "taskset",
            WorkingDirectory = subject.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (core is { } c)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(c.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(subject.FileName);
        }
        foreach (var argument in subject.Arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in subject.Environment)
            info.Environment[key] = value;

        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {subject.Name}.");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => { lock (log) log.Dispose(); };

        var ready = new Uri(subject.BaseAddress, subject.ReadinessPath);
        var deadline = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"{subject.Name} exited with code {process.ExitCode} before it was ready; see {logPath}.");
            if (clock.Elapsed > deadline)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{subject.Name} was not ready after {deadline.TotalSeconds} s; see {logPath}.");
            }
            try
            {
                using var answer = await Probe.GetAsync(ready);
                if (answer.IsSuccessStatusCode)
                    return new BotProcess(process, subject.BaseAddress, clock.Elapsed);
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // listening but not answering yet
            }
            await Task.Delay(10);
        }
    }

    /// CPU time used so far (user + system) and the resident set now and at its peak.
    public ProcessSample Sample()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the command name (which may hold spaces) start at state, field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long Kb(string name) => File.ReadLines($"/proc/{_process.Id}/status")
            .Where(line => line.StartsWith(name + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .FirstOrDefault();
        return new ProcessSample(Stopwatch.GetTimestamp(), TimeSpan.FromSeconds((double)ticks / TicksPerSecond.Value), Kb("VmRSS") / 1024.0, Kb("VmHWM") / 1024.0);
    }

    /// Records where the process spends its CPU for <paramref name="duration"/> into <paramref name="path"/>
    /// (<c>perf record</c> on the CPU clock, with call graphs; .NET frames are named from the JIT's perf map,
    /// written when the process runs with <c>DOTNET_PerfMapEnabled=1</c>). Read it with <c>perf report -i</c>.
    public Task ProfileAsync(string path, TimeSpan duration)
    {
        var info = new ProcessStartInfo("perf") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "record", "-e", "cpu-clock", "-F", "999", "-g", "-p", _process.Id.ToString(CultureInfo.InvariantCulture), "-o", path, "--", "sleep", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        return process.WaitForExitAsync().ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static string Run(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}

/// One reading of a process: when, CPU time so far, resident set now and at its peak (MiB).
internal readonly record struct ProcessSample(long Timestamp, TimeSpan Cpu, double RssMiB, double PeakRssMiB)
{
    /// The share of one core used between <paramref name="start"/> and this sample (1.0 = one core busy).
    public double CoresSince(ProcessSample start) =>
        (Cpu - start.Cpu).TotalSeconds / Stopwatch.GetElapsedTime(start.Timestamp, Timestamp).TotalSeconds;
}
