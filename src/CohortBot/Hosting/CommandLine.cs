using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Cards.BlockKit;
using CohortBot.Cards.Catalog;
using CohortBot.Cards.Templating;
using CohortBot.Cohorts.Roster;
using CohortBot.Storage;

namespace CohortBot.Hosting;

/// The app's commands (<c>import FILE</c>, ...). Without one, the app runs as the bot.
internal static class CommandLine
{
    // Printed for a person to read, never embedded in HTML: no need to escape apostrophes and accents.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static readonly string[] Verbs = ["import", "export", "cards", "privacy", "--help", "-h", "-?"];

    public static bool IsCommand(IReadOnlyList<string> args) => args.Count > 0 && Verbs.Contains(args[0]);

    /// A command's output is its answer on stdout; logs go to stderr and only when they matter.
    public static IHostApplicationBuilder AddCommandLine(this IHostApplicationBuilder builder, IReadOnlyList<string> args)
    {
        if (IsCommand(args))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        }

        return builder;
    }

    public static Task<int> RunCommandAsync(this IHost app, IReadOnlyList<string> args)
    {
        var file = new Argument<FileInfo>("file") { Description = "A district file (.yaml), a member list (.csv), a resource list (.csv with a url column) or a school calendar (.ics, with --district)." };
        var districtName = new Option<string>("--district") { Description = "The district a school calendar (.ics) belongs to." };
        var import = new Command("import", "Import a district, a member list, a resource list or a school calendar. A file with any bad line is refused whole, every problem listed; importing the same file again changes nothing.") { file, districtName };
        import.SetAction(async (parse, cancellationToken) =>
        {
            await app.Services.MigrateDatabaseAsync(cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<RosterImporter>();
            var path = FromCallersDirectory(parse.GetRequiredValue(file));
            var actor = $"import:{Path.GetFileName(path)}";
            ImportReport report;
            if (Path.GetExtension(path).Equals(".ics", StringComparison.OrdinalIgnoreCase))
            {
                if (parse.GetValue(districtName) is not { Length: > 0 } name)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"{Path.GetFileName(path)}: a school calendar needs --district NAME (the district it belongs to)");
                    return 1;
                }
                report = await importer.ImportCalendarAsync(path, name, actor, cancellationToken);
            }
            else if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) && File.Exists(path) && Resources.ResourceImporter.IsResourceList(path))
            {
                report = await scope.ServiceProvider.GetRequiredService<Resources.ResourceImporter>().ImportFileAsync(path, actor, cancellationToken);
            }
            else
            {
                report = await importer.ImportFileAsync(path, actor, cancellationToken);
            }
            var output = report.Succeeded ? parse.InvocationConfiguration.Output : parse.InvocationConfiguration.Error;
            await output.WriteLineAsync($"{Path.GetFileName(path)}: {report}");
            return report.Succeeded ? 0 : 1;
        });

        var root = new RootCommand("CohortBot: bi-weekly check-ins for cohorts of teachers. Run without a command to start the bot.") { import, ExportCommand(app), CardsCommand(app), PrivacyCommand.Create(app) };
        return root.Parse([.. args]).InvokeAsync();
    }

    private static Command ExportCommand(IHost app)
    {
        var cohortName = new Argument<string[]>("cohort") { Description = "The cohort's name (its first words are enough when they name one cohort).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Write the CSV to this file instead of the screen." };
        var pdHours = new Command("pd-hours", "PD hours per teacher of a cohort's series, for recertification records: sessions attended, minutes, completion (CSV).") { cohortName, output };
        pdHours.SetAction(async (parse, cancellationToken) =>
        {
            await app.Services.MigrateDatabaseAsync(cancellationToken);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CohortDbContext>();
            var typed = string.Join(' ', parse.GetRequiredValue(cohortName));
            var match = Cohorts.CohortNames.Find(typed, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Cohorts, cancellationToken));
            if (match.Cohort is not { } cohort || match.Options.Length > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(match.Cohort is null ? match.Problem(typed, "export pd-hours") : $"no cohort is called '{typed}'");
                return 1;
            }
            if (await scope.ServiceProvider.GetRequiredService<Series.SeriesReport>().FiguresAsync(cohort.Id, cancellationToken) is not { } figures)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{cohort.Name} has no PD series");
                return 1;
            }
            var csv = Series.SeriesReport.PdHoursCsv(figures);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(FromCallersDirectory(file), csv, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
                await parse.InvocationConfiguration.Output.WriteLineAsync($"{file}: PD hours of {figures.Teachers.Count} teachers of {cohort.Name}");
            }
            else
            {
                await parse.InvocationConfiguration.Output.WriteAsync(csv);
            }
            return 0;
        });
        return new Command("export", "Export records as CSV.") { pdHours };
    }

    private static Command CardsCommand(IHost app)
    {
        var name = new Argument<string>("name") { Description = "The card's name: its file name in cards/ without .json." };
        var data = new Option<FileInfo>("--data") { Description = "A JSON data file (default: the card's own NAME.data.json)." };
        var target = new Option<string>("--target") { Description = "teams: the expanded Adaptive Card; slack: its Block Kit (text, blocks, follow-ups, modal).", DefaultValueFactory = _ => "teams" };
        target.AcceptOnlyFromAmong("teams", "slack");
        var render = new Command("render", "Print a card expanded with data, as the platform gets it.") { name, data, target };
        render.SetAction(async (parse, cancellationToken) =>
        {
            var catalog = app.Services.GetRequiredService<CardCatalog>();
            var cardName = parse.GetRequiredValue(name);
            var dataFile = parse.GetValue(data);
            TemplateExpansion expansion;
            try
            {
                var values = dataFile is null ? catalog.SampleData(cardName) : JsonNode.Parse(await File.ReadAllTextAsync(FromCallersDirectory(dataFile), cancellationToken));
                expansion = catalog.Expand(cardName, values);
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{dataFile}: {e.Message}");
                return 1;
            }
            catch (KeyNotFoundException e)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(e.Message);
                return 1;
            }

            var rendered = parse.GetValue(target) == "slack" && expansion.Card is JsonObject card
                ? JsonSerializer.SerializeToNode(BlockKitRenderer.Render(card), Web)
                : expansion.Card;
            await parse.InvocationConfiguration.Output.WriteLineAsync(rendered?.ToJsonString(Indented));
            if (expansion.IsFullyResolved)
                return 0;
            await parse.InvocationConfiguration.Error.WriteLineAsync($"unresolved: {string.Join(", ", expansion.Unresolved.Select(u => "${" + u + "}"))} (the data has no value for them)");
            return 1;
        });

        return new Command("cards", "Work with the card templates in cards/.") { render };
    }

    /// <c>dotnet run --project</c> runs the app in the project's folder; a relative path was meant
    /// from the folder the user typed the command in, which the shell keeps in PWD.
    private static string FromCallersDirectory(FileInfo file)
    {
        var typed = file.ToString();
        var shell = Environment.GetEnvironmentVariable("PWD");
        if (Path.IsPathRooted(typed) || string.IsNullOrEmpty(shell))
            return file.FullName;
        var fromShell = Path.GetFullPath(typed, shell);
        return File.Exists(fromShell) ? fromShell : file.FullName;
    }
}
