using System.CommandLine;
using System.Text.Json;
using CohortBot.Cohorts.Privacy;
using CohortBot.Storage;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Hosting;

/// <c>privacy export EMAIL --as COORDINATOR</c> and <c>privacy erase EMAIL --as COORDINATOR --yes</c>:
/// the coordinators' privacy tools for an operator at the console. The operator acts for a named
/// coordinator of the member's district, so the rule of who may is <see cref="MemberPrivacy"/>'s, here as on the web.
internal static class PrivacyCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(IHost app)
    {
        var email = new Argument<string>("email") { Description = "The member's e-mail." };
        var coordinator = new Option<string>("--as") { Description = "The e-mail of the coordinator of the member's district this is done for.", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Write the JSON to this file instead of the screen." };
        var export = new Command("export", "Everything CohortBot holds about one member, as JSON.") { email, coordinator, output };
        export.SetAction(async (parse, cancellationToken) =>
        {
            await app.Services.MigrateDatabaseAsync(cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            if (await IdsAsync(scope.ServiceProvider, parse.GetRequiredValue(email), parse.GetRequiredValue(coordinator), cancellationToken) is not var (member, by))
                return await FailAsync(parse, "no member has that e-mail, or no coordinator the --as e-mail");
            var result = await scope.ServiceProvider.GetRequiredService<MemberPrivacy>().ExportAsync(member, by, cancellationToken);
            if (result.Data is not { } data)
                return await FailAsync(parse, result.Refusal!);
            var json = data.ToJsonString(Indented);
            if (parse.GetValue(output) is { } file)
                await File.WriteAllTextAsync(file.FullName, json, cancellationToken);
            else
                await parse.InvocationConfiguration.Output.WriteLineAsync(json);
            return 0;
        });

        var yes = new Option<bool>("--yes") { Description = "Confirm: the erasure cannot be undone." };
        var erase = new Command("erase", "Erase one member: their answers, their words, their links; closed rounds keep their totals; a re-import never brings them back.") { email, coordinator, yes };
        erase.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(yes))
                return await FailAsync(parse, "erasing cannot be undone: add --yes to confirm");
            await app.Services.MigrateDatabaseAsync(cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            if (await IdsAsync(scope.ServiceProvider, parse.GetRequiredValue(email), parse.GetRequiredValue(coordinator), cancellationToken) is not var (member, by))
                return await FailAsync(parse, "no member has that e-mail, or no coordinator the --as e-mail");
            var report = await scope.ServiceProvider.GetRequiredService<MemberPrivacy>().EraseAsync(member, by, cancellationToken);
            if (!report.Erased)
                return await FailAsync(parse, report.Refusal!);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"member:{member} {report}");
            return 0;
        });
        return new Command("privacy", "Export or erase what CohortBot holds about one member.") { export, erase };
    }

    private static async Task<(int Member, int Coordinator)?> IdsAsync(IServiceProvider services, string email, string coordinator, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CohortDbContext>();
        var emails = new[] { email.Trim().ToLowerInvariant(), coordinator.Trim().ToLowerInvariant() };
        var ids = await db.Members.AsNoTracking().Where(m => emails.Contains(m.Email)).ToDictionaryAsync(m => m.Email, m => m.Id, cancellationToken);
        return ids.TryGetValue(emails[0], out var member) && ids.TryGetValue(emails[1], out var by) ? (member, by) : null;
    }

    private static async Task<int> FailAsync(ParseResult parse, string why)
    {
        await parse.InvocationConfiguration.Error.WriteLineAsync(why);
        return 1;
    }
}
