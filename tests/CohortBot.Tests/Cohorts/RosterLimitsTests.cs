using System.Diagnostics;
using System.Text;
using CohortBot.Cohorts.Roster;
using CohortBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CohortBot.Tests.Cohorts;

public sealed class RosterLimitsTests : IDisposable
{
    private readonly RosterFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Probe()
    {
        var yaml = new StringBuilder("district: Laughs\ntimeZone: America/Chicago\nquestionSets:\n  - name: laughs\n    questions:\n");
        yaml.Append("      - key: l0\n        kind: multiple choice\n        prompt: lol\n        choices: &l0 [lol, lol]\n");
        for (var level = 1; level <= 9; level++)
            yaml.Append($"      - key: l{level}\n        kind: multiple choice\n        prompt: lol\n        choices: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 350))}]\n");
        var path = _files.Write("bomb.yaml", yaml.ToString());
        var app = new CohortBotApp(await TestDatabase.CreateAsync("Sqlite"));
        await using var _a = app;
        _ = app.Server;
        var sw = Stopwatch.StartNew();
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<RosterImporter>().ImportFileAsync(path, "test", TestContext.Current.CancellationToken);
        Assert.Fail($"{new FileInfo(path).Length} bytes, {sw.ElapsedMilliseconds} ms: {report}");
    }
}
