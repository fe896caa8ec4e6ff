using CohortBot.Cards.Catalog;
using CohortBot.Channels;
using CohortBot.CheckIns;
using CohortBot.Cohorts;
using CohortBot.Hosting;
using CohortBot.Jobs;
using CohortBot.Nudges;
using CohortBot.Outbox;
using CohortBot.Reports;
using CohortBot.Resources;
using CohortBot.Series;
using CohortBot.Storage;
using CohortBot.Turns;
using CohortBot.Visits;
using CohortBot.Web;

var builder = WebApplication.CreateBuilder(args);

builder.AddTelemetry();
builder.AddCommandLine(args);
builder.AddStorage();
builder.AddJobs();
builder.AddCohorts();
builder.AddCheckIns();
builder.AddResources();
builder.AddNudges();
builder.AddSeries();
builder.AddVisits();
builder.AddReports();
builder.AddWeb();
builder.AddTurns();
builder.AddOutbox();
builder.AddChannels();
try
{
    builder.AddCards();
}
catch (CardCatalogException unloadable)
{
    // One line naming the file and what is wrong with it, not a stack trace.
    await Console.Error.WriteLineAsync(unloadable.Message);
    return 1;
}
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();

var app = builder.Build();

if (CommandLine.IsCommand(args))
    return await app.RunCommandAsync(args);

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapHealth();
app.MapJobsDashboard();
app.MapChannels();
app.MapWeb();

await app.RunAsync();
return 0;
