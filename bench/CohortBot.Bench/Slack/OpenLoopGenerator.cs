using System.Diagnostics;
using CohortBot.Bench.Rig;

namespace CohortBot.Bench.Slack;

/// Sends requests on a fixed schedule (request i is due at start + i / rate), whatever the answers
/// do, so a slow answer delays no later request and its queueing shows in the latency, which is
/// measured from the moment each request was due. Each request is built (and signed) when it is sent.
internal static class OpenLoopGenerator
{
    public static async Task<LoadStep> RunAsync(HttpClient client, int rate, TimeSpan duration, Func<long, HttpRequestMessage> build, long firstIndex)
    {
        var count = (int)(rate * duration.TotalSeconds);
        var latencies = new double[count];
        var lateness = new double[count];
        var failed = 0;
        var tasks = new Task[count];
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;

        // The schedule runs on its own thread: a busy thread pool must not delay a send (and no
        // pool thread is blocked waiting for it: on one core the pool grows slowly).
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = Stopwatch.GetTimestamp();
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                while (Stopwatch.GetTimestamp() < due)
                {
                    var wait = (due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                    if (wait >= 2)
                        Thread.Sleep(1);
                    else
                        Thread.Yield();
                }
                var index = i;
                tasks[i] = SendAsync(index, due);
            }
            scheduled.SetResult();
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "open-loop schedule" };
        scheduler.Start();
        await scheduled.Task;
        await Task.WhenAll(tasks);

        return new LoadStep(rate, count, failed, latencies, lateness);

        async Task SendAsync(int index, long due)
        {
            await Task.Yield();
            lateness[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
            try
            {
                using var request = build(firstIndex + index);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failed);
            }
            catch (Exception failure) when (failure is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref failed);
            }
            latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
        }
    }
}

/// One rate held for a while: every request's latency from its due time, and how late the
/// generator itself sent it (if that grows, the generator, not the bot, is the limit).
internal sealed class LoadStep(int rate, int requests, int failed, double[] latencies, double[] lateness)
{
    private readonly double[] _sorted = [.. latencies.Order()];
    private readonly double[] _lateSorted = [.. lateness.Order()];

    public int Rate => rate;

    public int Requests => requests;

    public int Failed => failed;

    public double P50 => Stats.Percentile(_sorted, 50);

    public double P90 => Stats.Percentile(_sorted, 90);

    public double P99 => Stats.Percentile(_sorted, 99);

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double GeneratorLateP99 => Stats.Percentile(_lateSorted, 99);
}
