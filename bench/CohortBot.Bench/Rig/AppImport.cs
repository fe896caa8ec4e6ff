using System.Diagnostics;

namespace CohortBot.Bench.Rig;

/// Runs the app's own <c>import FILE</c> command on the database of a subject (which also creates
/// and migrates it), its output appended to a log; a failed import stops the benchmark.
internal static class AppImport
{
    public static async Task RunAsync(Subject subject, string file, string logPath)
    {
        var info = new ProcessStartInfo(subject.FileName)
        {
            WorkingDirectory = subject.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in subject.Arguments.Append("import").Append(file))
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in subject.Environment)
            info.Environment[key] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the import.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await File.AppendAllTextAsync(logPath, $"$ import {Path.GetFileName(file)}\n{await output}{await errors}\n");
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Importing {Path.GetFileName(file)} failed ({process.ExitCode}); see {logPath}.");
    }
}
