using System.Text.Json.Nodes;
using CohortBot.Fakes.Slack;

namespace CohortBot.Slack.Tests;

/// The fake's own paging contract, as the app's tests rely on it, asked over raw HTTP.
public sealed class FakeSlackApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UsersList_WithoutLimit_AnswersEveryoneInOnePage()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.AddUser("U1", "a@district.example").AddUser("U2", "b@district.example");

        var answer = await CallAsync(fake, "users.list", []);

        Assert.True(answer["ok"]!.GetValue<bool>());
        Assert.Equal(["U1", "U2"], answer["members"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal("", answer["response_metadata"]!["next_cursor"]!.GetValue<string>());
    }

    [Fact]
    public async Task UsersList_AddingAUserAgain_ReplacesItInPlace()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.AddUser("U1", "a@district.example").AddUser("U2", "b@district.example").AddUser("U1", "a.new@district.example");

        var members = (await CallAsync(fake, "users.list", []))["members"]!.AsArray();

        Assert.Equal(["U1", "U2"], members.Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal("a.new@district.example", members[0]!["profile"]!["email"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("b2Zmc2V0Onh5eg==")] // "offset:xyz"
    public async Task UsersList_CursorItDidNotIssue_AnswersInvalidCursor(string cursor)
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.AddUser("U1", "a@district.example");

        var answer = await CallAsync(fake, "users.list", [("limit", "1"), ("cursor", cursor)]);

        Assert.False(answer["ok"]!.GetValue<bool>());
        Assert.Equal("invalid_cursor", answer["error"]!.GetValue<string>());
    }

    private static async Task<JsonObject> CallAsync(FakeSlackApi fake, string method, (string Name, string Value)[] fields)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fake.ApiBaseUrl) };
        using var content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));
        using var response = await http.PostAsync(method, content, Ct);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
    }
}
