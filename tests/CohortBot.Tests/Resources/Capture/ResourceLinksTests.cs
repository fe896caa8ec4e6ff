using CohortBot.Resources.Capture;

namespace CohortBot.Tests.Resources.Capture;

public sealed class ResourceLinksTests
{
    private const string Slack = "Great video on station rotation with 30 kids <https://youtu.be/abc?utm_source=x|Station Rotation in 5 min> #stationrotation #k5";

    // Slack

    [Fact]
    public void Extract_SlackLinkWithLabel_UsesTheLabelAsTitle()
    {
        var link = Assert.Single(ResourceLinks.Extract(Slack, MessageFormat.SlackMrkdwn));

        Assert.Equal(new SharedLink("https://youtu.be/abc?utm_source=x", "https://youtu.be/abc", "Station Rotation in 5 min", "Station Rotation in 5 min"), link);
    }

    [Fact]
    public void Extract_SlackLinkWithoutLabel_TakesTheTitleFromItsSentenceWithoutTheTags()
    {
        var link = Assert.Single(ResourceLinks.Extract(
            "Great video on station rotation with 30 kids <https://youtu.be/abc> #stationrotation #k5", MessageFormat.SlackMrkdwn));

        Assert.Equal("Great video on station rotation with 30 kids", link.Title);
        Assert.Null(link.Label);
    }

    [Theory]
    [InlineData("<https://www.example.org/rubric|example.org/rubric>")]
    [InlineData("<https://www.example.org/rubric|https://www.example.org/rubric>")]
    [InlineData("<https://www.example.org/rubric|www.example.org/rubric>")]
    public void Extract_SlackLinkLabelledWithItsOwnAddress_TakesTheTitleFromTheText(string link)
    {
        var shared = Assert.Single(ResourceLinks.Extract($"Rubric for the lab rotation walkthrough: {link}", MessageFormat.SlackMrkdwn));

        Assert.Equal("Rubric for the lab rotation walkthrough", shared.Title);
    }

    [Fact]
    public void Extract_SlackLinkLabelledHere_TakesTheTitleFromTheSentenceAroundIt()
    {
        var link = Assert.Single(ResourceLinks.Extract(
            "Slides from today's PD on the flipped classroom are <https://x.org/s/1|here>.", MessageFormat.SlackMrkdwn));

        Assert.Equal("Slides from today's PD on the flipped classroom are here", link.Title);
        Assert.Equal("here", link.Label);
    }

    [Fact]
    public void Extract_SlackMentionsChannelsSpecialsAndMail_AreNotResources()
    {
        var text = "<!here> <@U123ABC> ask in <#C024BE7LR|k5-cohort> or write to <mailto:coach@district.org|coach@district.org> <!subteam^S1|@coaches>";

        Assert.Empty(ResourceLinks.Extract(text, MessageFormat.SlackMrkdwn));
    }

    [Fact]
    public void Extract_SlackEscapedAmpersandInTheAddress_IsDecoded()
    {
        var link = Assert.Single(ResourceLinks.Extract(
            "<https://x.org/search?q=rotation&amp;grade=5&amp;utm_campaign=pd|Rotation lessons &amp; playlists>", MessageFormat.SlackMrkdwn));

        Assert.Equal("https://x.org/search?q=rotation&grade=5&utm_campaign=pd", link.Url);
        Assert.Equal("https://x.org/search?q=rotation&grade=5", link.NormalizedUrl);
        Assert.Equal("Rotation lessons & playlists", link.Title);
    }

    [Fact]
    public void Extract_TextAroundTheLink_IsItsSentenceWithoutMentions()
    {
        var link = Assert.Single(ResourceLinks.Extract(
            "Thanks <@U123> for today! Here is the rubric we used with <@U456> <https://x.org/files/9f8e7d6c5b4a3f>. See you Tuesday.",
            MessageFormat.SlackMrkdwn));

        Assert.Equal("Here is the rubric we used with", link.Title);
    }

    [Fact]
    public void Extract_OnlyLinkAloneOnItsLine_TakesTheTitleFromTheMessage()
    {
        var link = Assert.Single(ResourceLinks.Extract(
            ":wave: Here is the playlist for week 3. Try it before Friday!\n<https://x.org/p/9f8e7d6c5b4a3f>", MessageFormat.SlackMrkdwn));

        Assert.Equal("Here is the playlist for week 3", link.Title);
    }

    [Fact]
    public void Extract_SeveralLinksAloneOnTheirLines_AreTitledFromTheirAddresses()
    {
        var links = ResourceLinks.Extract(
            "Resources from today's session:\n<https://x.org/docs/station-rotation_guide.pdf>\n<https://x.org/docs/lab-rotation-checklist.docx>",
            MessageFormat.SlackMrkdwn);

        Assert.Equal(["Station rotation guide", "Lab rotation checklist"], links.Select(l => l.Title));
    }

    [Fact]
    public void Extract_FiveLinksWithRepeats_KeepsEachAddressOnceInOrder()
    {
        var text = """
            Week 2 round-up :books:
            1. <https://x.org/flex/|Flex model overview>
            2. <https://X.org/flex?utm_source=slack|Flex again>
            3. <https://x.org/lab-rotation|Lab rotation>
            4. <https://x.org/choice-boards|Choice boards>
            5. <https://x.org/lab-rotation#setup|Lab rotation setup>
            """;

        var links = ResourceLinks.Extract(text, MessageFormat.SlackMrkdwn);

        Assert.Equal(["https://x.org/flex", "https://x.org/lab-rotation", "https://x.org/choice-boards"], links.Select(l => l.NormalizedUrl));
        Assert.Equal(["Flex model overview", "Lab rotation", "Choice boards"], links.Select(l => l.Title));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Great session today, thank you all! :tada:")]
    [InlineData("<@U123> <@U456> <!channel>")]
    [InlineData("<https://|broken> and <htp://x.org|typo>")]
    public void Extract_SlackMessageWithoutWebLinks_FindsNone(string text) =>
        Assert.Empty(ResourceLinks.Extract(text, MessageFormat.SlackMrkdwn));

    [Fact]
    public void Extract_VeryLongSentence_CutsTheTitleAtAWordBoundary()
    {
        var words = string.Join(' ', Enumerable.Repeat("rotation", 60));
        var link = Assert.Single(ResourceLinks.Extract($"{words} <https://x.org/a>", MessageFormat.SlackMrkdwn));

        Assert.True(link.Title.Length <= 120, link.Title);
        Assert.EndsWith("rotation\u2026", link.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Extract_EmojiAroundTheLink_KeepsUnicodeEmojiAndDropsShortcodes()
    {
        var link = Assert.Single(ResourceLinks.Extract("🎉 New station rotation playlist :tada: <https://x.org/p> 🚀", MessageFormat.SlackMrkdwn));

        Assert.Equal("🎉 New station rotation playlist 🚀", link.Title);
    }

    [Fact]
    public void Extract_LongTitleEndingInEmoji_IsNotCutInsideAnEmoji()
    {
        var label = new string('a', 118) + "🎉🎉";

        var title = Assert.Single(ResourceLinks.Extract($"<https://x.org/a|{label} b>", MessageFormat.SlackMrkdwn)).Title;

        Assert.Equal(new string('a', 118) + "\u2026", title);
    }

    [Fact]
    public void Extract_AddressLongerThanTheStoreHolds_IsSkipped()
    {
        var text = $"<https://x.org/{new string('a', 2000)}|Too long> <https://x.org/ok|Fits>";

        Assert.Equal(["Fits"], ResourceLinks.Extract(text, MessageFormat.SlackMrkdwn).Select(l => l.Title));
    }

    // Teams

    [Fact]
    public void Extract_TeamsAnchor_UsesItsTextAsTitleAndDecodesTheAddress()
    {
        var html = "<p><at>CohortBot</at> Lab rotation planning template: "
            + "<a href=\"https://district.sharepoint.com/sites/pd/Lab%20Rotation%20Template.docx?utm_medium=email&amp;web=1\" title=\"x\">Lab Rotation <b>Template</b></a></p>";

        var link = Assert.Single(ResourceLinks.Extract(html, MessageFormat.TeamsHtml));

        Assert.Equal("https://district.sharepoint.com/sites/pd/Lab%20Rotation%20Template.docx?utm_medium=email&web=1", link.Url);
        Assert.Equal("https://district.sharepoint.com/sites/pd/Lab%20Rotation%20Template.docx?web=1", link.NormalizedUrl);
        Assert.Equal("Lab Rotation Template", link.Title);
    }

    [Fact]
    public void Extract_TeamsAnchorShowingItsAddressInItsOwnParagraph_IsTitledFromTheMessage()
    {
        var html = "<p>Exit ticket ideas for small groups&nbsp;&amp; conferences</p><p><a href=\"https://x.org/exit-tickets\">https://x.org/exit-tickets</a></p>";

        var link = Assert.Single(ResourceLinks.Extract(html, MessageFormat.TeamsHtml));

        Assert.Equal("Exit ticket ideas for small groups & conferences", link.Title);
    }

    [Fact]
    public void Extract_TeamsBareAddressInText_IsFoundWithoutTheFullStop()
    {
        var html = "<p>Flex model overview from the Christensen Institute: https://x.org/flex?a=1&amp;b=2.</p><p>Questions welcome!</p>";

        var link = Assert.Single(ResourceLinks.Extract(html, MessageFormat.TeamsHtml));

        Assert.Equal("https://x.org/flex?a=1&b=2", link.Url);
        Assert.Equal("Flex model overview from the Christensen Institute", link.Title);
    }

    [Fact]
    public void Extract_TeamsAnchorAndTheSameAddressBare_IsOneLink()
    {
        var html = "<div><a href='https://x.org/flex/'>Flex guide</a><br>again: https://x.org/flex</div>";

        var link = Assert.Single(ResourceLinks.Extract(html, MessageFormat.TeamsHtml));

        Assert.Equal("Flex guide", link.Title);
    }

    [Theory]
    [InlineData("<p><at>Maria Lopez</at> <at>CohortBot</at></p>")]
    [InlineData("<p>Write to <a href=\"mailto:coach@district.org\">coach@district.org</a></p>")]
    [InlineData("<p>Nothing to share today &#128512;</p>")]
    [InlineData("<p><a href=\"javascript:alert(1)\">https://x.org</a></p>")]
    public void Extract_TeamsMessageWithoutWebLinks_FindsNone(string html) =>
        Assert.Empty(ResourceLinks.Extract(html, MessageFormat.TeamsHtml));

    [Fact]
    public void Extract_TeamsEscapedAngleBrackets_AreTextAroundABareAddress()
    {
        var link = Assert.Single(ResourceLinks.Extract("<p>Lesson plan bank &lt;https://x.org/bank&gt;</p>", MessageFormat.TeamsHtml));

        Assert.Equal("https://x.org/bank", link.Url);
        Assert.Equal("Lesson plan bank", link.Title);
    }

    [Fact]
    public void Extract_TeamsMentionThatLooksLikeAnAddress_IsNotALink()
    {
        Assert.Empty(ResourceLinks.Extract("<p><at>https://x.org bot</at> hello</p>", MessageFormat.TeamsHtml));
    }

    // Plain

    [Fact]
    public void Extract_PlainTrailingPunctuation_IsNotPartOfTheAddress()
    {
        var links = ResourceLinks.Extract(
            "Read this (https://x.org/a), then https://x.org/b! And https://x.org/c? Also \"https://x.org/d\"; https://x.org/e...",
            MessageFormat.Plain);

        Assert.Equal(["https://x.org/a", "https://x.org/b", "https://x.org/c", "https://x.org/d", "https://x.org/e"], links.Select(l => l.Url));
    }

    [Fact]
    public void Extract_PlainBalancedParentheses_StayInTheAddress()
    {
        var links = ResourceLinks.Extract(
            "https://en.wikipedia.org/wiki/Blended_learning_(education).\n(https://en.wikipedia.org/wiki/Flipped_classroom)",
            MessageFormat.Plain);

        Assert.Equal(["https://en.wikipedia.org/wiki/Blended_learning_(education)", "https://en.wikipedia.org/wiki/Flipped_classroom"], links.Select(l => l.Url));
        Assert.Equal(["Blended learning (education)", "Flipped classroom"], links.Select(l => l.Title));
    }

    [Theory]
    [InlineData("ftp://x.org/file.pdf and file:///c:/lesson.docx")]
    [InlineData("htp:/x.org and https:// and http://[::1 and www.x.org")]
    [InlineData("mailto:coach@district.org")]
    public void Extract_PlainWithoutWebLinks_FindsNone(string text) =>
        Assert.Empty(ResourceLinks.Extract(text, MessageFormat.Plain));

    [Fact]
    public void Extract_AddressInsideAWord_IsNotALink()
    {
        Assert.Empty(ResourceLinks.Extract("xhttps://x.org/a", MessageFormat.Plain));
    }

    public static TheoryData<string> OddMessages() =>
    [
        "<", ">", "<<>>", "<|>", "<https://x.org|", "<a href=", "<a href='https://x.org/a'>never closed", "</a></at></p>",
        "<at>never closed https://x.org/a", "&#xFFFFFFFF; &bogus; &", "https://x.org/" + new string('(', 1000), "\uD83D lone surrogate https://x.org/\uD83D",
        "https://x.org/a)))]]]...!!!", "#" + new string('-', 5000), string.Concat(Enumerable.Repeat("<https://x.org/a|", 2000)),
        string.Concat(Enumerable.Repeat("Station rotation https://x.org/r ", 1200)),
    ];

    [Theory]
    [MemberData(nameof(OddMessages))]
    public void Extract_OddMessages_GiveOnlyWebLinksInEveryFormat(string text)
    {
        foreach (var format in Enum.GetValues<MessageFormat>())
        {
            foreach (var link in ResourceLinks.Extract(text, format))
            {
                Assert.True(ResourceLinks.IsWebAddress(link.Url), link.Url);
                Assert.Equal(ResourceLinks.Normalize(link.Url), link.NormalizedUrl);
                Assert.InRange(link.Title.Length, 1, 120);
            }

            Assert.InRange(ResourceLinks.Description(text, format).Length, 0, 4000);
        }

        Assert.All(ResourceLinks.Hashtags(text), t => Assert.InRange(t.Length, 1, 50));
    }

    // Titles from addresses

    [Theory]
    [InlineData("https://x.org/docs/station-rotation_guide.pdf", "Station rotation guide")]
    [InlineData("https://x.org/Blended%20Learning%20Guide.pdf", "Blended Learning Guide")]
    [InlineData("https://x.org/ressources/r%C3%A9flexion-guid%C3%A9e/", "Réflexion guidée")]
    [InlineData("https://www.x.org/", "x.org")]
    [InlineData("https://www.x.org", "x.org")]
    [InlineData("https://docs.google.com/document/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit", "docs.google.com")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ", "youtu.be")]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube.com")]
    [InlineData("https://x.org/v1.2", "x.org")]
    [InlineData("https://x.org/units/fractions-unit-plan/index.html", "Fractions unit plan")]
    public void TitleFromUrl_ReadsTheLastMeaningfulSegment(string url, string title) =>
        Assert.Equal(title, ResourceLinks.TitleFromUrl(url));

    // Normalize

    [Theory]
    [InlineData("HTTPS://WWW.Example.ORG:443/Path/To/", "https://www.example.org/Path/To")]
    [InlineData("http://x.org:80/", "http://x.org")]
    [InlineData("https://x.org", "https://x.org")]
    [InlineData("https://x.org/", "https://x.org")]
    [InlineData("https://x.org//", "https://x.org")]
    [InlineData("https://x.org:8443/a", "https://x.org:8443/a")]
    [InlineData("http://x.org:443/a", "http://x.org:443/a")]
    [InlineData("https://x.org/a?utm_source=slack&id=7&UTM_Campaign=pd&b=2#section", "https://x.org/a?id=7&b=2")]
    [InlineData("https://x.org/?utm_source=x", "https://x.org")]
    [InlineData("https://x.org/?q=1", "https://x.org?q=1")]
    [InlineData("https://x.org/a/#top", "https://x.org/a")]
    [InlineData("https://x.org/a%2Fb/%E2%9C%93", "https://x.org/a%2Fb/%E2%9C%93")]
    [InlineData("https://Bücher.example/Straße", "https://bücher.example/Straße")]
    [InlineData("https://Coach@X.org/a", "https://Coach@x.org/a")]
    [InlineData("http://[::1]:8080/a/", "http://[::1]:8080/a")]
    [InlineData("  https://x.org/a  ", "https://x.org/a")]
    public void Normalize_WebAddress_HasOneForm(string url, string normalized) =>
        Assert.Equal(normalized, ResourceLinks.Normalize(url));

    [Theory]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData(" not a url ", "not a url")]
    [InlineData("htp:/x", "htp:/x")]
    [InlineData("mailto:a@b.org", "mailto:a@b.org")]
    [InlineData("ftp://x.org/A/", "ftp://x.org/A/")]
    [InlineData("https://", "https://")]
    [InlineData("http://[::1", "http://[::1")]
    [InlineData(" /etc/passwd ", "/etc/passwd")]
    [InlineData("https:x.org/A/", "https:x.org/A/")]
    [InlineData("https://x.org:99999/", "https://x.org:99999/")]
    [InlineData("https://x.org/a b/", "https://x.org/a b/")]
    [InlineData("http://@", "http://@")]
    [InlineData("https://?#", "https://?#")]
    public void Normalize_NotAWebAddress_ComesBackTrimmed(string url, string expected) =>
        Assert.Equal(expected, ResourceLinks.Normalize(url));

    // Hashtags

    [Fact]
    public void Hashtags_CoachMessage_AreLowerCasedInOrder() =>
        Assert.Equal(["stationrotation", "k5"], ResourceLinks.Hashtags(Slack));

    [Fact]
    public void Hashtags_Repeated_AreKeptOnce() =>
        Assert.Equal(["k5", "math-talk", "small_groups"], ResourceLinks.Hashtags("#K5 #k5 #Math-Talk, #small_groups. #K5!"));

    [Fact]
    public void Hashtags_NumbersAlone_AreNotTags() =>
        Assert.Equal(["2024goals"], ResourceLinks.Hashtags("Item #123 of #2024, but #2024goals is a tag"));

    [Fact]
    public void Hashtags_SlackChannelsAndAddressFragments_AreNotTags() =>
        Assert.Equal(["real"], ResourceLinks.Hashtags(
            "<#C024BE7LR|k5-cohort> <#C024BE7LR> <https://x.org/#top|top> https://x.org/page#section #real"));

    [Fact]
    public void Hashtags_TeamsHtmlEntitiesAndAnchors_AreNotTags() =>
        Assert.Equal(["flex"], ResourceLinks.Hashtags(
            "<p>It&#39;s a &#x27;flex&#x27; day <a href=\"https://x.org/#setup\">setup</a> #flex</p>"));

    [Fact]
    public void Hashtags_InsideWords_AreNotTags() =>
        Assert.Equal(["coding"], ResourceLinks.Hashtags("C# and F# practice for #coding"));

    [Fact]
    public void Hashtags_ManyOrLong_AreCappedAtWhatAResourceHolds()
    {
        var many = string.Join(' ', Enumerable.Range(1, 25).Select(i => $"#tag{i}"));
        var tags = ResourceLinks.Hashtags($"#{new string('a', 51)} {many}");

        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"tag{i}"), tags);
    }

    [Fact]
    public void Hashtags_None_IsEmpty() =>
        Assert.Empty(ResourceLinks.Hashtags("Great session today 🎉 # not a tag"));

    // Description

    [Fact]
    public void Description_Slack_ShowsLinksByLabelAndLeavesOutMentions() =>
        Assert.Equal(
            "Great video Station Rotation in 5 min, thanks! See https://x.org/a in #k5-cohort <3 & more",
            ResourceLinks.Description(
                "<!here> Great video <https://youtu.be/abc|Station Rotation in 5 min>, thanks <@U123>! See <https://x.org/a> in <#C1|k5-cohort> &lt;3 &amp; more",
                MessageFormat.SlackMrkdwn));

    [Fact]
    public void Description_Teams_IsPlainTextWithParagraphsAsLines() =>
        Assert.Equal(
            "Station rotation & small groups\nTemplate: Lab template\nBring questions",
            ResourceLinks.Description(
                "<p><at>CohortBot</at> Station rotation &amp; small groups</p><p>Template: <a href=\"https://x.org/t\">Lab <i>template</i></a><br/>Bring questions</p>",
                MessageFormat.TeamsHtml));

    [Fact]
    public void Description_Plain_IsTrimmedWithBlankLinesKeptShort() =>
        Assert.Equal("First line\n\nSecond line", ResourceLinks.Description("  First line  \n\n\n\n Second line \n", MessageFormat.Plain));

    [Fact]
    public void Description_VeryLong_IsCutToWhatTheStoreHolds()
    {
        var description = ResourceLinks.Description(string.Join(' ', Enumerable.Repeat("reflection", 500)), MessageFormat.Plain);

        Assert.True(description.Length <= 4000);
        Assert.EndsWith("reflection\u2026", description, StringComparison.Ordinal);
    }
}
