using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace CohortBot.Tests.Web;

/// One Chromium (Debian's, never Playwright's download) and one app on a real Kestrel port for the
/// whole class. Chromium is at /usr/bin/chromium, or where COHORTBOT_CHROMIUM says; .ci/run
/// installs it, and without it the tests fail, saying so.
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    internal WebDistrict District { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("COHORTBOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
            throw new InvalidOperationException($"Chromium is not installed at {chromium}: install Debian's (apt-get install chromium, as .ci/run does) or set COHORTBOT_CHROMIUM to a Chromium binary.");
        District = await WebDistrict.CreateAsync(kestrel: true);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-dev-shm-usage"] });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (District is not null)
            await District.DisposeAsync();
    }
}

/// The web pages in a real browser: a coordinator, a coach of another cohort and a teacher sign in
/// through the form and walk the pages; axe-core finds no serious or critical violation on any page;
/// the main pages are saved as screenshots (test attachments, and bin/…/screenshots); the board
/// report prints on at most two pages.
public sealed class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// Set to a folder (docs/screenshots, from the repository's root) to refresh the README's screenshots from this run.
    private const string ScreenshotsForReadme = "COHORTBOT_README_SCREENSHOTS";
    private WebDistrict D => fixture.District;

    [Fact]
    public async Task Coordinator_WalksEveryPage_WithoutSeriousAccessibilityViolations()
    {
        var page = await SignedInAsync(D.Megan);
        Assert.EndsWith("/", page.Url, StringComparison.Ordinal);

        await VisitAsync(page, "/", "cohorts");
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Flex Cohort" }).CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Blended Learning Cohort 2026" }).ClickAsync();
        await page.WaitForURLAsync($"**/cohorts/{D.Blended}");
        await CheckAsync(page, "cohort");
        Assert.True(await page.Locator("svg").CountAsync() > 0);

        await VisitAsync(page, $"/rounds/{D.Round}", "round");
        Assert.Contains("Groups of four worked well", await page.ContentAsync(), StringComparison.Ordinal);
        await VisitAsync(page, $"/members/{D.Alex}", "member");
        await VisitAsync(page, $"/cohorts/{D.Blended}/board", "board");
        Assert.DoesNotContain("Alex Wilber", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        var csv = await page.Context.APIRequest.GetAsync($"/cohorts/{D.Blended}/export.csv");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("round,date,name,email", await csv.TextAsync(), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BoardReport_PrintsOnAtMostTwoPages()
    {
        var page = await SignedInAsync(D.Megan);
        await VisitAsync(page, $"/cohorts/{D.Blended}/board", screenshot: null);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = await page.PdfAsync(new() { Format = "Letter", PrintBackground = true });
        await page.Context.CloseAsync();
        Save("board-print.pdf", pdf, "application/pdf");

        var pages = Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?![A-Za-z])");
        Assert.InRange(pages, 1, 2);
    }

    [Fact]
    public async Task CoachOfAnotherCohort_SeesTheirs_AndNotFoundForEveryPageAndExportOfTheOther()
    {
        var page = await SignedInAsync(D.Nestor);

        await VisitAsync(page, "/", screenshot: null);
        Assert.DoesNotContain("Blended Learning Cohort 2026", await page.InnerTextAsync("main"), StringComparison.Ordinal);
        await VisitAsync(page, $"/cohorts/{D.Flex}", "cohort-coach");

        foreach (var url in new[] { $"/cohorts/{D.Blended}", $"/cohorts/{D.Blended}/board", $"/rounds/{D.Round}", $"/members/{D.Alex}" })
        {
            var response = await page.GotoAsync(url);
            Assert.True(response?.Status == 404, $"{url} answered {response?.Status} to the coach of another cohort");
        }
        foreach (var url in new[] { $"/cohorts/{D.Blended}/export.csv", $"/cohorts/{D.Blended}/pd-hours.csv", $"/rounds/{D.Round}/export.csv" })
        {
            var response = await page.Context.APIRequest.GetAsync(url);
            Assert.True(response.Status == 404, $"{url} answered {response.Status} to the coach of another cohort");
        }
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Teacher_LandsOnTheirOwnPage_AndIsRefusedOthers()
    {
        var page = await SignedInAsync(D.Alex);
        Assert.EndsWith($"/members/{D.Alex}", page.Url, StringComparison.Ordinal);
        await CheckAsync(page, "member-teacher");
        Assert.Contains("My year", await page.InnerTextAsync("main"), StringComparison.Ordinal);

        foreach (var url in new[] { $"/members/{D.Isaiah}", $"/cohorts/{D.Blended}", $"/rounds/{D.Round}", $"/cohorts/{D.Blended}/board" })
        {
            var response = await page.GotoAsync(url);
            Assert.True(response?.Status == 404, $"{url} answered {response?.Status} to a teacher");
        }
        Assert.Equal(404, (await page.Context.APIRequest.GetAsync($"/cohorts/{D.Blended}/export.csv")).Status);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Coordinator_EditsASchedule_AndSeesTheNextRoundsMove_WhileACoachOfAnotherCohortIsRefused()
    {
        var page = await SignedInAsync(D.Megan);
        await VisitAsync(page, $"/cohorts/{D.Flex}/settings", "settings");
        var upcoming = page.Locator("#upcoming tbody");
        Assert.All(await page.Locator("#upcoming tbody td:first-of-type").AllInnerTextsAsync(), opens => Assert.StartsWith("Tuesday", opens, StringComparison.Ordinal));

        // As it is typed: the weekday alone does not fit the first round's date, and says so beside it.
        await page.GetByLabel("Weekday").SelectOptionAsync("Thursday");
        await page.Locator("#weekday-problem").WaitForAsync();
        Assert.Contains("is a Tuesday, not a Thursday", await page.Locator("#weekday-problem").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByLabel("First round").FillAsync("2026-09-03");
        await page.WaitForFunctionAsync("() => document.querySelector('#upcoming tbody').innerText.includes('Thursday')");
        Assert.All(await page.Locator("#upcoming tbody td:first-of-type").AllInnerTextsAsync(), opens => Assert.StartsWith("Thursday", opens, StringComparison.Ordinal));
        Assert.Contains("not saved yet", await page.Locator("#upcoming caption").InnerTextAsync(), StringComparison.Ordinal);
        await CheckAsync(page, screenshot: null);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save the schedule" }).ClickAsync();
        await page.WaitForURLAsync("**saved=schedule**");
        Assert.Contains("The schedule is saved", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        Assert.All(await page.Locator("#upcoming tbody td:first-of-type").AllInnerTextsAsync(), opens => Assert.StartsWith("Thursday", opens, StringComparison.Ordinal));
        Assert.Contains("Thursday", await upcoming.InnerTextAsync(), StringComparison.Ordinal);

        await VisitAsync(page, "/district", "district");

        var coach = await SignedInAsync(D.Nestor, screenshot: null);
        foreach (var url in new[] { $"/cohorts/{D.Blended}/settings", "/district" })
            Assert.Equal(404, (await coach.GotoAsync(url))?.Status);
    }

    [Fact]
    public async Task Coordinator_AddsAQuestion_AndBothPreviewsShowIt_WhileACoachOfAnotherCohortIsRefused()
    {
        var setId = await D.App.WithStoreAsync(db => db.Cohorts.Where(c => c.Id == D.Blended).Select(c => c.QuestionSetId).SingleAsync());
        var page = await SignedInAsync(D.Megan);
        await VisitAsync(page, $"/question-sets/{setId}", screenshot: null);
        await page.Locator("#teams-preview .ac-adaptiveCard").WaitForAsync();
        Assert.Contains("Which blended models did you use?", await page.Locator("#teams-preview").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Which blended models did you use?", await page.Locator("#slack-preview").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add a question" }).ClickAsync();
        var last = page.Locator("fieldset.question").Last;
        await last.GetByLabel("Prompt").FillAsync("How many devices did you have?");
        await last.GetByLabel("Kind").SelectOptionAsync("yes/no");
        await page.WaitForFunctionAsync("() => document.querySelector('#teams-preview').innerText.includes('How many devices did you have?') && document.querySelector('#slack-preview').innerText.includes('How many devices did you have?')");
        await CheckAsync(page, "questions");

        var coach = await SignedInAsync(D.Nestor, screenshot: null);
        Assert.Equal(404, (await coach.GotoAsync($"/question-sets/{setId}"))?.Status);
    }

    /// A fresh context (its own cookies), signed in through the development roster picker.
    private async Task<IPage> SignedInAsync(int memberId, string? screenshot = "signin")
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = D.BaseAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1280, Height = 800 } });
        // Generous: a loaded CI machine is slow, and speed is measured in bench/, not here.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await CheckAsync(page, screenshot, fullPage: false);
        await page.GetByLabel("Member").SelectOptionAsync(memberId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        }
        catch (TimeoutException)
        {
            // Once in CI the page stayed at the sign-in: say what it showed, to tell a refused form from a slow page.
            Assert.Fail($"Signing in member {memberId} stayed at {page.Url} for 30 s, showing: {await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 })}");
        }
        return page;
    }

    private static async Task VisitAsync(IPage page, string url, string? screenshot)
    {
        var response = await page.GotoAsync(url);
        Assert.True(response?.Status == 200, $"{url} answered {response?.Status}");
        await CheckAsync(page, screenshot);
    }

    /// Runs axe-core on the page as it stands: no violation of serious or critical impact. Then the screenshot.
    private static async Task CheckAsync(IPage page, string? screenshot, bool fullPage = true)
    {
        var result = await page.RunAxe();
        Assert.True(result.Passes.Length > 0, $"axe-core did not run on {page.Url}");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe-core on {page.Url}:\n" + string.Join("\n", serious.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}\n" + string.Join("\n", v.Nodes.Take(5).Select(n => $"    {n.Target}: {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message).Distinct())}")))));
        if (screenshot is not null)
            Save($"{screenshot}.png", await page.ScreenshotAsync(new() { FullPage = fullPage }), "image/png");
    }

    private static void Save(string name, byte[] bytes, string mediaType)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        File.WriteAllBytes(Path.Combine(folder, name), bytes);
        TestContext.Current.AddAttachment(name, bytes, mediaType);
        if (Environment.GetEnvironmentVariable(ScreenshotsForReadme) is { Length: > 0 } readme && name is "cohorts.png" or "cohort.png" or "board.png" or "member.png")
            File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(RepositoryRoot(), readme)).FullName, name), bytes);
    }

    /// The folder of CohortBot.sln above the test's output folder (a relative README folder is taken from there).
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CohortBot.sln")))
                return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
