using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CohortBot.Bench.Search;

/// What the bot sent into a conversation: when the fake had read all of it, and the activity's JSON.
internal sealed record SentActivity(long At, string Json);

/// A Bot Connector that tells the benchmark the moment the answer it waits for arrives: one
/// conversation is awaited at a time (the questions go one by one), and the first activity sent or
/// replied into it that <c>matches</c> completes the wait. Nothing is limited; everything else the
/// bot sends is counted, not awaited.
internal sealed class AnswerConnector : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private LoopbackServer? _server;
    private Expectation? _waiting;
    private long _ids;
    private int _others;

    /// The service URL the activities name (ends with a slash).
    public string ServiceUrl => _server!.BaseAddress.ToString();

    /// Activities nobody was waiting for (another conversation, or not what was awaited).
    public int Others => Volatile.Read(ref _others);

    public static async Task<AnswerConnector> StartAsync()
    {
        var fake = new AnswerConnector();
        fake._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v3/conversations/{conversation}/activities", (HttpContext http, string conversation) => fake.ActivityAsync(http, conversation));
            app.MapPost("/v3/conversations/{conversation}/activities/{activity}", (HttpContext http, string conversation) => fake.ActivityAsync(http, conversation));
            app.MapPut("/v3/conversations/{conversation}/activities/{activity}", (HttpContext http, string conversation) => fake.ActivityAsync(http, conversation));
            app.MapPost("/v3/conversations", async http =>
            {
                Interlocked.Increment(ref fake._others);
                await http.Request.Body.CopyToAsync(Stream.Null);
                http.Response.StatusCode = 201;
                await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = "a:created-" + Interlocked.Increment(ref fake._ids).ToString(CultureInfo.InvariantCulture) });
            });
            app.MapFallback(http =>
            {
                Interlocked.Increment(ref fake._others);
                http.Response.StatusCode = 404;
                return Task.CompletedTask;
            });
        });
        return fake;
    }

    /// Arms the wait for the next activity into <paramref name="conversation"/> that <paramref name="matches"/>;
    /// call before the question is posted.
    public Task<SentActivity> Expect(string conversation, Func<string, bool> matches)
    {
        var expectation = new Expectation(conversation, matches);
        lock (_gate)
        {
            if (_waiting is { } previous)
                previous.Done.TrySetCanceled();
            _waiting = expectation;
        }
        return expectation.Done.Task;
    }

    private async Task ActivityAsync(HttpContext http, string conversation)
    {
        using var reader = new StreamReader(http.Request.Body);
        var json = await reader.ReadToEndAsync();
        var at = Stopwatch.GetTimestamp();
        Expectation? met = null;
        lock (_gate)
        {
            if (_waiting is { } waiting && waiting.Conversation == conversation && waiting.Matches(json))
            {
                met = waiting;
                _waiting = null;
            }
        }
        if (met is null)
            Interlocked.Increment(ref _others);
        http.Response.StatusCode = 201;
        await http.Response.WriteAsJsonAsync(new JsonObject { ["id"] = "activity-" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture) });
        met?.Done.TrySetResult(new SentActivity(at, json));
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private sealed record Expectation(string Conversation, Func<string, bool> Matches)
    {
        public TaskCompletionSource<SentActivity> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
