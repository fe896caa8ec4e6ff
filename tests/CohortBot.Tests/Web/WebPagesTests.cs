using System.Net;
using Microsoft.EntityFrameworkCore;
using System.Text.RegularExpressions;
using CohortBot.CheckIns;
using CohortBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CohortBot.Tests.Web;

/// The web pages on the demo district in Development (the roster picker signs in), with a second
/// cohort and its own coach, and a closed round with answers: who sees what, what the pages and
/// exports show, and what they never show.
public sealed class WebPagesTests : IAsyncLifetime
{
    private const string Formula = WebDistrict.Formula;
    private WebDistrict _district = null!;
    private CohortBotApp _app = null!;
    private int _blended, _flex, _round, _alex, _isaiah, _nestor, _megan;

    public async ValueTask InitializeAsync()
    {
        _district = await WebDistrict.CreateAsync();
        _app = _district.App;
        (_blended, _flex, _round) = (_district.Blended, _district.Flex, _district.Round);
        (_alex, _isaiah, _nestor, _megan) = (_district.Alex, _district.Isaiah, _district.Nestor, _district.Megan);
    }

    public ValueTask DisposeAsync() => _district.DisposeAsync();

    [Fact]
    public async Task Coordinator_SeesTheCohortOverTime_TheRound_TheBoardReportWithoutNames_AndExports()
    {
        using var client = await SignedInAsync(_megan);

        var index = await GetAsync(client, "/");
        Assert.Contains("Blended Learning Cohort 2026", index, StringComparison.Ordinal);
        Assert.Contains("Flex Cohort", index, StringComparison.Ordinal);

        var cohort = await GetAsync(client, $"/cohorts/{_blended}");
        Assert.Contains("<svg", cohort, StringComparison.Ordinal);
        Assert.Contains("Participation per check-in", cohort, StringComparison.Ordinal);
        Assert.Contains("Participation per check-in (% of invited who answered), check-ins 6 to 6: All sites from 29 to 29", cohort, StringComparison.Ordinal); // 2 of 7, as text for screen readers
        Assert.Contains($"/members/{_alex}", cohort, StringComparison.Ordinal);

        var round = await GetAsync(client, $"/rounds/{_round}");
        Assert.Contains("2 of 7", round, StringComparison.Ordinal);
        Assert.Contains("Groups of four worked well", round, StringComparison.Ordinal);
        Assert.Contains("Patti Fernandez", round, StringComparison.Ordinal); // pending

        var board = await GetAsync(client, $"/cohorts/{_blended}/board");
        Assert.Contains("Headline figures", board, StringComparison.Ordinal);
        Assert.Contains("29%", board, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Wilber", board, StringComparison.Ordinal);
        Assert.DoesNotContain("Groups of four", board, StringComparison.Ordinal);

        var csv = await GetAsync(client, $"/cohorts/{_blended}/export.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("round,date,name,email,site,answered,submitted_at,progress,models,behaviors,win,challenge,nextStep,coachSupport", lines[0], StringComparison.Ordinal);
        Assert.Equal(8, lines.Length); // a header and the seven teachers invited
        var alex = Assert.Single(lines, l => l.Contains("alexw@example.com", StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", alex, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/rounds/{_round}/export.csv", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task CoachOfAnotherCohort_GetsNotFound_ForEveryPageAndExportOfIt()
    {
        using var client = await SignedInAsync(_nestor);

        var index = await GetAsync(client, "/");
        Assert.Contains("Flex Cohort", index, StringComparison.Ordinal);
        Assert.DoesNotContain("Blended Learning Cohort 2026", index, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/cohorts/{_flex}", UriKind.Relative))).StatusCode);
        foreach (var url in new[] { $"/cohorts/{_blended}", $"/cohorts/{_blended}/board", $"/cohorts/{_blended}/export.csv", $"/cohorts/{_blended}/pd-hours.csv", $"/rounds/{_round}", $"/rounds/{_round}/export.csv", $"/members/{_alex}", "/cohorts/99999" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Teacher_SeesTheirOwnPageOnly()
    {
        using var client = await SignedInAsync(_alex);

        var home = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal($"/members/{_alex}", home.Headers.Location!.OriginalString);
        var mine = await GetAsync(client, $"/members/{_alex}");
        Assert.Contains("My year", mine, StringComparison.Ordinal);
        Assert.Contains("1 of 1", mine, StringComparison.Ordinal);
        foreach (var url in new[] { $"/members/{_isaiah}", $"/cohorts/{_blended}", $"/rounds/{_round}", $"/cohorts/{_blended}/export.csv", $"/cohorts/{_blended}/board" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Coordinator_ExportsAndErasesAMember_OthersCannot()
    {
        using (var coach = await SignedInAsync(_nestor))
            Assert.Equal(HttpStatusCode.NotFound, (await coach.GetAsync(new Uri($"/members/{_isaiah}/export.json", UriKind.Relative))).StatusCode);
        using var client = await SignedInAsync(_megan);
        var export = await GetAsync(client, $"/members/{_isaiah}/export.json");
        Assert.Contains("isaiahl@example.com", export, StringComparison.Ordinal);
        Assert.Contains("Groups of four worked well", export, StringComparison.Ordinal);

        var page = await client.GetStringAsync(new Uri($"/members/{_isaiah}", UriKind.Relative));
        var token = Regex.Matches(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")[^1].Groups[1].Value;
        var wrong = await client.PostAsync(new Uri($"/members/{_isaiah}?handler=Erase", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["confirm"] = "Isaiah" }));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True(await _app.WithStoreAsync(db => db.CheckIns.AnyAsync(c => c.MemberId == _isaiah)));

        var erased = await client.PostAsync(new Uri($"/members/{_isaiah}?handler=Erase", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["confirm"] = "Isaiah Langer" }));
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.False(await _app.WithStoreAsync(db => db.CheckIns.AnyAsync(c => c.MemberId == _isaiah)));
        Assert.DoesNotContain("Isaiah Langer", await GetAsync(client, $"/rounds/{_round}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_IsSentToSignIn_AndSignInNeedsItsAntiForgeryToken()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetAsync(new Uri($"/cohorts/{_blended}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("http://localhost/signin", page.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(new Uri($"/cohorts/{_blended}/export.csv", UriKind.Relative))).StatusCode);

        var forged = await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["memberId"] = _megan.ToString() }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task CohortPage_ShowsTheSchoolYearOfItsLatestRound_WithTheOtherYearsALinkAway()
    {
        // A round of the year before (2025–26), with its figures as they were at its close.
        await _app.WithStoreAsync(async db =>
        {
            var opened = new DateTimeOffset(2025, 10, 7, 20, 30, 0, TimeSpan.Zero);
            db.Rounds.Add(new Round { CohortId = _blended, Number = 1, Date = new DateOnly(2025, 10, 7), OpensAt = opened, ClosesAt = opened.AddDays(5), OpenedAt = opened, ClosedAt = opened.AddDays(5), Status = RoundStatus.Closed });
            // Support asked for that year: counted in its year, not in this one.
            db.SupportRequests.Add(new SupportRequest { CohortId = _blended, MemberId = _alex, Challenge = "Stations ran long", CreatedAt = opened.AddHours(3) });
            await db.SaveChangesAsync();
        });
        using var client = await SignedInAsync(_megan);

        var thisYear = await GetAsync(client, $"/cohorts/{_blended}");
        Assert.Contains("1 round in 2026–27", thisYear, StringComparison.Ordinal);
        Assert.Contains($"href=\"/cohorts/{_blended}?year=2025\">2025–26</a>", thisYear, StringComparison.Ordinal);
        Assert.DoesNotContain("2025-10-07", thisYear, StringComparison.Ordinal);

        var lastYear = await GetAsync(client, $"/cohorts/{_blended}?year=2025");
        Assert.Contains("1 round in 2025–26", lastYear, StringComparison.Ordinal);
        Assert.Contains("1 asked for a coach's help", lastYear, StringComparison.Ordinal);
        Assert.Contains("0 asked for a coach's help", thisYear, StringComparison.Ordinal);
        Assert.Contains("2025-10-07", lastYear, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-11-10", lastYear, StringComparison.Ordinal);

        var all = await GetAsync(client, $"/cohorts/{_blended}?year=all");
        Assert.Contains("2 rounds in all", all, StringComparison.Ordinal);

        var typo = await GetAsync(client, $"/cohorts/{_blended}?year=last");
        Assert.Contains("\"last\" is not a school year (write 2025 for 2025–26): 2026–27 is shown instead.", typo, StringComparison.Ordinal);
        Assert.Contains("2026-11-10", typo, StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignedInAsync(int memberId)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync(new Uri("/signin", UriKind.Relative));
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signedIn = await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["memberId"] = memberId.ToString() }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private static async Task<string> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
