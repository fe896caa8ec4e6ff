using System.Text;
using CohortBot.Resources.Capture;

namespace CohortBot.Tests.Resources.Capture;

public sealed class ResourceCsvTests
{
    private const string Header = "url,title,description,tags,cohort\n";

    private static (IReadOnlyList<ResourceRow> Rows, IReadOnlyList<ResourceCsvError> Errors) Read(string csv) =>
        ResourceCsv.Read(new StringReader(csv));

    private static List<string> Errors(string csv)
    {
        var (rows, errors) = Read(csv);
        Assert.Empty(rows);
        return [.. errors.Select(e => e.ToString())];
    }

    [Fact]
    public void Read_GoodFile_ReturnsEveryResource()
    {
        var (rows, errors) = Read(Header + """
            https://youtu.be/abc?utm_source=newsletter,Station Rotation in 5 min,"Thirty kids, three stations, one teacher.",#stationrotation #k5,K5 Math
            https://x.org/docs/lab-rotation_checklist.pdf,,,"lab, checklist;setup",Middle School Science
            """);

        Assert.Empty(errors);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new ResourceRow(2, "https://youtu.be/abc?utm_source=newsletter", "https://youtu.be/abc", "Station Rotation in 5 min",
            "Thirty kids, three stations, one teacher.", rows[0].Tags, "K5 Math"), rows[0]);
        Assert.Equal(["stationrotation", "k5"], rows[0].Tags);
        Assert.Equal(new ResourceRow(3, "https://x.org/docs/lab-rotation_checklist.pdf", "https://x.org/docs/lab-rotation_checklist.pdf", "Lab rotation checklist",
            null, rows[1].Tags, "Middle School Science"), rows[1]);
        Assert.Equal(["lab", "checklist", "setup"], rows[1].Tags);
    }

    [Fact]
    public void Read_HeadersInAnyOrderAndCase_AreMatched()
    {
        var (rows, errors) = Read("Cohort, Tags ,URL\nK5 Math,#Flex,https://x.org/flex\n");

        Assert.Empty(errors);
        var row = Assert.Single(rows);
        Assert.Equal(("K5 Math", "https://x.org/flex", "Flex"), (row.Cohort, row.Url, row.Title));
        Assert.Equal(["flex"], row.Tags);
        Assert.Null(row.Description);
    }

    [Fact]
    public void Read_MissingRequiredColumns_IsRefusedAtTheHeader() =>
        Assert.Equal(["line 1: missing column 'url'", "line 1: missing column 'cohort'"], Errors("title,tags\nRubric,k5\n"));

    [Fact]
    public void Read_UnknownOrRepeatedColumn_IsRefusedAtTheHeader() =>
        Assert.Equal(
            ["line 1: unknown column 'tag' (known: url, title, description, tags, cohort)", "line 1: column 'url' appears twice"],
            Errors("url,tag,cohort,URL\nhttps://x.org,k5,K5 Math,https://x.org\n"));

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void Read_EmptyFile_AsksForTheHeader(string csv) =>
        Assert.Equal(["line 1: the file is empty: expected a header row (url, title, description, tags, cohort)"], Errors(csv));

    [Fact]
    public void Read_NotAWebAddress_NamesTheLineAndColumn() =>
        Assert.Equal(
            ["line 3, url: 'htp:/x' is not a web address (http or https)", "line 4, url: 'www.x.org/rubric' is not a web address (http or https)"],
            Errors(Header + "https://x.org/good,,,,K5 Math\nhtp:/x,,,,K5 Math\nwww.x.org/rubric,,,,K5 Math\n"));

    [Fact]
    public void Read_NoAddressOrCohort_SaysWhatIsMissing() =>
        Assert.Equal(
            ["line 2, url: no web address: every resource needs one (http or https)", "line 3, cohort: no cohort: say which cohort the resource is for"],
            Errors(Header + ",Rubric,,,K5 Math\nhttps://x.org/rubric,Rubric,,,   \n"));

    [Fact]
    public void Read_TooLongOrTooMany_SaysTheLimit()
    {
        var tooManyTags = string.Join(' ', Enumerable.Range(1, 21).Select(i => $"t{i}"));
        var csv = Header
            + $"https://x.org/1,{new string('t', 301)},,,K5 Math\n"
            + $"https://x.org/2,,{new string('d', 4001)},,K5 Math\n"
            + $"https://x.org/3,,,{tooManyTags},K5 Math\n"
            + $"https://x.org/4,,,ok {new string('g', 51)},K5 Math\n"
            + "https://x.org/5,,,k5 math&science,K5 Math\n"
            + $"https://x.org/{new string('u', 2000)},,,,K5 Math\n";

        Assert.Equal(
            [
                "line 2, title: the title is 301 characters long; a title may be at most 300",
                "line 3, description: the description is 4,001 characters long; a description may be at most 4,000",
                "line 4, tags: 21 tags; a resource may have at most 20",
                "line 5, tags: tag 'ggggggggggggggggggg…' is 51 characters long; a tag may be at most 50",
                "line 6, tags: 'math&science' is not a tag: a tag is letters, digits, '-' and '_'",
                "line 7, url: the web address is 2,014 characters long; it may be at most 2,000",
            ],
            Errors(csv));
    }

    [Fact]
    public void Read_OneBadRow_RefusesTheWholeFile()
    {
        var (rows, errors) = Read(Header + "https://x.org/good,Good,,,K5 Math\nhttps://x.org/bad,Bad,,,\n");

        Assert.Empty(rows);
        Assert.Equal([new ResourceCsvError(3, "cohort", "no cohort: say which cohort the resource is for")], errors);
    }

    [Fact]
    public void Read_QuotedCommasAndLineBreaks_StayInTheirFieldAndLinesCountOn()
    {
        var (rows, errors) = Read(Header
            + "https://x.org/a,\"Flex, part 1\",\"Line one,\nline two\",\"k5, flex\",\n"
            + "htp:/broken,,,,K5 Math\n");

        // A row is named by the line it starts on, wherever its fields end.
        Assert.Empty(rows);
        Assert.Equal(
            ["line 2, cohort: no cohort: say which cohort the resource is for", "line 4, url: 'htp:/broken' is not a web address (http or https)"],
            errors.Select(e => e.ToString()));

        var (good, none) = Read(Header + "https://x.org/a,\"Flex, part 1\",\"Line one,\r\nline two\",\"k5, flex\",K5 Math\n");
        Assert.Empty(none);
        var row = Assert.Single(good);
        Assert.Equal(("Flex, part 1", "Line one,\nline two"), (row.Title, row.Description));
        Assert.Equal(["k5", "flex"], row.Tags);
    }

    [Fact]
    public void Read_ByteOrderMarkAndCrLf_ReadLikeAnyFile()
    {
        var (rows, errors) = Read("\uFEFFurl,cohort,tags\r\nhttps://x.org/a,K5 Math,k5\r\n\r\nhttps://x.org/b,K5 Math,\r\n");

        Assert.Empty(errors);
        Assert.Equal([(2, "https://x.org/a", "K5 Math"), (4, "https://x.org/b", "K5 Math")], rows.Select(r => (r.Line, r.Url, r.Cohort)));
    }

    [Fact]
    public void Read_ByteOrderMarkThroughAStream_ReadsLikeAnyFile()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("URL,Cohort\nhttps://x.org/a,K5 Math\n")).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes));

        var (rows, errors) = ResourceCsv.Read(reader);

        Assert.Empty(errors);
        Assert.Equal("https://x.org/a", Assert.Single(rows).Url);
    }

    [Fact]
    public void Read_SameAddressTwiceForACohort_IsOneResourceWithTheTagsOfBoth()
    {
        var (rows, errors) = Read(Header
            + "https://x.org/flex/,,,flex k5,K5 Math\n"
            + "https://X.org/flex?utm_source=mail,Flex model overview,From the Institute,flex;coaching,k5 math\n"
            + "https://x.org/flex,,,other,Middle School Science\n");

        Assert.Empty(errors);
        Assert.Equal(2, rows.Count);
        Assert.Equal((2, "https://x.org/flex/", "https://x.org/flex", "Flex model overview", "From the Institute", "K5 Math"),
            (rows[0].Line, rows[0].Url, rows[0].NormalizedUrl, rows[0].Title, rows[0].Description, rows[0].Cohort));
        Assert.Equal(["flex", "k5", "coaching"], rows[0].Tags);
        Assert.Equal(("https://x.org/flex", "Middle School Science"), (rows[1].NormalizedUrl, rows[1].Cohort));
        Assert.Equal(["other"], rows[1].Tags);
    }

    [Fact]
    public void Read_SameAddressTwiceWithTitles_KeepsTheFirstTitle()
    {
        var (rows, _) = Read(Header + "https://x.org/a,First,,,K5 Math\nhttps://x.org/a,Second,,,K5 Math\n");

        Assert.Equal("First", Assert.Single(rows).Title);
    }

    [Fact]
    public void Read_MergedTagsPastTheLimit_IsRefusedAtTheLaterRow()
    {
        var first = string.Join(' ', Enumerable.Range(1, 15).Select(i => $"a{i}"));
        var second = string.Join(' ', Enumerable.Range(1, 15).Select(i => $"b{i}"));

        Assert.Equal(
            ["line 3, tags: with line 2 (the same address for the same cohort), the resource has 30 tags; a resource may have at most 20"],
            Errors(Header + $"https://x.org/a,,,{first},K5 Math\nhttps://x.org/a,,,{second},K5 Math\n"));
    }

    [Fact]
    public void Read_BlankAndEmptyRows_AreSkipped()
    {
        var (rows, errors) = Read(Header + "\n,,,,\n  ,  , , ,\nhttps://x.org/a,,,,K5 Math\n");

        Assert.Empty(errors);
        Assert.Equal(5, Assert.Single(rows).Line);
    }

    [Fact]
    public void Read_FileLargerThanOneMiB_IsRefusedBeforeAnyRow()
    {
        var row = "https://x.org/a,,,,K5 Math\n";
        var csv = Header + string.Concat(Enumerable.Repeat(row, (1024 * 1024 / row.Length) + 1));

        Assert.Equal(["the file is larger than 1 MiB, the most one resource file may hold: split it into several files"], Errors(csv));
    }

    [Fact]
    public void Read_MoreRowsThanOneFileMayList_IsRefusedAtTheFirstRowTooMany()
    {
        var csv = new StringBuilder("url,cohort\n");
        for (var i = 1; i <= 20_001; i++)
            csv.Append("https://x.org/").Append(i).Append(",c\n");

        Assert.Equal(["line 20002: one file may list at most 20,000 resources, and this is resource 20,001"], Errors(csv.ToString()));
    }

    [Fact]
    public void Read_ExactlyTheRowLimit_IsAccepted()
    {
        var csv = new StringBuilder("url,cohort\n");
        for (var i = 1; i <= 20_000; i++)
            csv.Append("https://x.org/").Append(i).Append(",c\n");

        var (rows, errors) = Read(csv.ToString());

        Assert.Empty(errors);
        Assert.Equal(20_000, rows.Count);
    }
}
