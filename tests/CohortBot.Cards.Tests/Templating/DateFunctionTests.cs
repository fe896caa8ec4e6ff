using System.Globalization;
using System.Text.Json.Nodes;
using CohortBot.Cards.Templating;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Cards.Tests.Templating;

/// <summary>
/// The date and time functions, each case expanded by both engines from fixed timestamps: our output must equal
/// the official one, and where the official engine fails, ours must fail too. The functions that read the clock
/// run with both clocks set to the same instants, and once each with its real clock.
/// </summary>
public sealed class DateFunctionTests
{
    private const string Data = """
        {
          "iso": "2018-03-15T12:34:56.789Z", "midnight": "2018-03-15T00:00:00.000Z", "noon": "2018-03-15T12:00:00.000Z",
          "late": "2018-03-15T22:30:00.000Z", "eve": "2018-03-15T18:00:00.000Z", "night": "2018-03-15T23:59:00.000Z",
          "jan31": "2018-01-31T23:30:00.000Z", "leap": "2020-02-29T08:00:00.000Z", "year1": "0001-01-01T00:00:00.000Z",
          "noZ": "2018-03-15T12:34:56", "offset": "2018-03-15T12:34:56+02:00", "dateOnly": "2018-03-15", "us": "03/15/2018 12:00:00",
          "local": "2018-03-15T13:00:00.0000000", "localMs": "2018-03-15T13:00:00.123", "summer": "2018-07-01T12:00:00.000Z",
          "epoch": 1521117296, "epochMs": 1521117296.789, "negEpoch": -86400,
          "ticks": 636567488967890000, "tickText": "636567488967890000", "tickOdd": 636567488967895000,
          "n": 2, "half": 1.5, "negHalf": -1.5, "s": "text", "nul": null, "list": [1, 2], "obj": {"month": 3, "dayOfMonth": 5},
          "hourObj": {"hour": 5}, "expenses": [{"created_by": "636965431200000000"}, {"created_by": "636967159200000000"}]
        }
        """;

    private static readonly string[] Cases =
    [
        // formatEpoch: seconds since 1970, fractions kept to the millisecond.
        "${formatEpoch(epoch)}", "${formatEpoch(epochMs)}", "${formatEpoch(negEpoch)}", "${formatEpoch(0)}",
        "${formatEpoch(epoch, 'yyyy-MM-ddTHH:mm:ssZ')}", "${formatEpoch(epoch, 'MMMM d')}", "${formatEpoch(epoch, 'dddd')}",
        "${formatEpoch(epoch, 'o')}", "${formatEpoch(epoch, '')}", "${formatEpoch(epoch, 'yyyy', 'fr-FR')}",
        "${formatEpoch(epoch, '', 'de-DE')}", "${formatEpoch(epoch, 'MMMM dddd', 'fr-FR')}", "${formatEpoch(s)}", "${formatEpoch(nul)}",
        "x ${formatEpoch(s)} y", "${formatEpoch('1')}", "x ${formatEpoch('1')}", "${formatEpoch(epoch, 5)}",
        // formatTicks: 100 ns since 0001-01-01, from a number, a numeric string, or ticks().
        "${formatTicks(ticks)}", "${formatTicks(tickText)}", "${formatTicks(tickOdd, 'HH:mm:ss.fff')}", "${formatTicks(0)}",
        "${formatTicks(ticks(iso))}", "${formatTicks(ticks, 'yyyy-MM-dd', 'en-US')}", "${formatTicks(half)}", "${formatTicks(s)}",
        "${formatTicks(list)}", "${formatTicks('abc')}",
        "${formatTicks(min(select(expenses, x, int(x.created_by))), 'yyyy-MM-dd')} - ${formatTicks(max(select(expenses, x, int(x.created_by))), 'yyyy-MM-dd')}",
        // formatDateTime, including the reading of non-ISO strings and formats that do not convert.
        "${formatDateTime(iso)}", "${formatDateTime(noZ)}", "${formatDateTime(offset)}", "${formatDateTime(dateOnly)}", "${formatDateTime(us)}",
        "${formatDateTime(iso, '')}", "${formatDateTime(iso, '', 'en-US')}", "${formatDateTime(iso, 'f')}", "${formatDateTime(iso, 'R')}",
        "${formatDateTime(iso, 'yy')}", "${formatDateTime(year1, 'yy yyyy')}", "${formatDateTime(iso, 'h:mm tt')}", "${formatDateTime(iso, 'ddd, MMM d')}",
        "${formatDateTime(iso, 'MM/dd/yyyy', 'ja-JP')}", "${formatDateTime(iso, \"'Day' d\")}", "${formatDateTime(iso, '\\\\d d')}",
        // addDays, addHours, addMinutes, addSeconds: Date.setX(x + n), so fractions truncate after the sum.
        "${addDays(iso, 1)}", "${addDays(iso, -20)}", "${addDays(iso, half)}", "${addDays(iso, negHalf)}", "${addDays(jan31, 1, 'yyyy-MM-dd')}",
        "${addDays(iso, 1, '', 'fr')}", "${addHours(iso, 13)}", "${addHours(iso, negHalf)}", "${addHours(iso, 2, 'HH:mm')}",
        "${addMinutes(iso, 90)}", "${addMinutes(iso, -0.5)}", "${addSeconds(iso, 3600)}", "${addSeconds(iso, half)}",
        "${addDays(noZ, 1)}", "${addDays(iso, s)}", "${addDays(s, 1)}", "${addDays(iso, 'x')}", "x ${addDays(noZ, 1)}",
        // addToTime and subtractFromTime: C# unit names; month and year ends clamp.
        "${addToTime(iso, 1, 'Day')}", "${addToTime(iso, 2, 'Week')}", "${addToTime(jan31, 1, 'Month')}", "${addToTime(leap, 1, 'Year')}",
        "${addToTime(iso, 30, 'Second')}", "${addToTime(iso, 5, 'Minute')}", "${addToTime(iso, -3, 'Hour', 'HH:mm')}",
        "${addToTime(iso, 5, 'Bogus')}", "${addToTime(iso, half, 'Day')}", "${addToTime(iso, 1, 'Day', 'yyyy-MM-dd', 'en-US')}",
        "${subtractFromTime(iso, 1, 'Day')}", "${subtractFromTime(leap, 4, 'Year')}", "${subtractFromTime(iso, 1, 'Month', 'MMMM')}",
        "${subtractFromTime(iso, 5, 'Bogus')}", "${subtractFromTime(noZ, 1, 'Day')}",
        // Parts of a timestamp.
        "${dayOfMonth(iso)}", "${dayOfWeek(iso)}", "${dayOfYear(iso)}", "${dayOfYear(leap)}", "${month(iso)}", "${year(iso)}",
        "${date(iso)}", "${date(leap)}", "${dayOfMonth(noZ)}", "${timexResolve('2018-03-15')}", "${month(n)}", "${year(dateOnly)}", "x ${year(noZ)}",
        "${getTimeOfDay(midnight)}", "${getTimeOfDay(iso)}", "${getTimeOfDay(noon)}", "${getTimeOfDay(eve)}", "${getTimeOfDay(late)}",
        "${getTimeOfDay(night)}", "${getTimeOfDay(local)}", "${getTimeOfDay(noZ)}", "${getTimeOfDay(s)}", "${getTimeOfDay(n)}",
        "${startOfDay(iso)}", "${startOfHour(iso)}", "${startOfMonth(iso)}", "${startOfMonth(iso, 'o')}", "${startOfDay(iso, 'yyyy-MM-dd', 'en-US')}",
        "${startOfDay(noZ)}", "${startOfHour(n)}",
        // Ticks.
        "${ticks(iso)}", "x ${ticks(iso)}", "${ticks(year1)}", "${ticks(noZ)}", "${ticksToDays(ticks(iso))}", "${ticksToHours(ticks)}",
        "${ticksToMinutes(ticks(iso))}", "${ticksToDays(half)}", "${ticksToDays('5')}", "${string(ticks(iso))}", "${concat(ticks(iso), '!')}",
        "${ticks(iso) == ticks(iso)}", "${ticks(iso) == ticks(midnight)}", "${createArray(ticks(iso))}", "${if(ticks(iso), 1, 2)}",
        "${ticks(iso) > 5}", "${add(ticks(iso), 1)}", "${json(string(ticks(iso)))}",
        "${dateTimeDiff(iso, midnight)}", "${dateTimeDiff(midnight, iso)}", "${dateTimeDiff(iso, noZ)}", "${ticksToHours(dateTimeDiff(iso, midnight))}",
        // Time zones: Windows and IANA names, daylight saving time, offsets in the output.
        "${convertFromUTC(iso, 'Pacific Standard Time')}", "${convertFromUTC(summer, 'Pacific Standard Time')}",
        "${convertFromUTC(iso, 'America/New_York', 'o')}", "${convertFromUTC(iso, 'Asia/Kolkata', 'yyyy-MM-ddTHH:mm:ssK')}",
        "${convertFromUTC(iso, 'Tokyo Standard Time', 'HH:mm zzz z')}", "${convertFromUTC(iso, 'UTC', 'o')}", "${convertFromUTC(iso, 'Europe/London', '')}",
        "${convertFromUTC(summer, 'Europe/London', '')}", "${convertFromUTC(iso, 'W. Europe Standard Time', 'dddd HH:mm')}",
        "${convertFromUTC(iso, 'Nowhere')}", "${convertFromUTC(noZ, 'UTC')}", "${convertFromUTC(iso, 'utc')}", "${convertFromUTC(iso, n)}",
        "${convertToUTC(noZ, 'Pacific Standard Time')}", "${convertToUTC(localMs, 'Pacific Standard Time')}", "${convertToUTC(iso, 'America/New_York')}",
        "${convertToUTC(offset, 'Asia/Kolkata')}", "${convertToUTC('2018-07-01T12:00:00', 'Central European Standard Time', 'o')}",
        "${convertToUTC(dateOnly, 'Tokyo Standard Time')}", "${convertToUTC(us, 'Eastern Standard Time')}", "${convertToUTC(noZ, 'UTC', 'HH:mm')}",
        "${convertToUTC(s, 'UTC')}", "${convertToUTC(noZ, 'Nowhere')}",
        // Checks.
        "${isDateTime(iso)}", "${isDateTime(noZ)}", "${isDateTime(n)}", "${isDateTime(nul)}",
        "${isDate('2018-03-15')}", "${isDate('XXXX-WXX-3')}", "${isDate('XXXX-03-15')}", "${isDate('2018')}", "${isDate(obj)}", "${isDate(n)}",
        "${isDate(nul)}", "${isDate(list)}", "${isTime('T12:30:00')}", "${isTime('T12')}", "${isTime('2018-03-15T12:30')}", "${isTime(hourObj)}",
        "${isTime('TMO')}", "${isDuration('P3D')}", "${isDuration('PT1.5H')}", "${isDuration('P')}", "${isDuration('2018')}",
        "${isDateRange('2018')}", "${isDateRange('2018-03')}", "${isDateRange('SU')}", "${isDateRange('2018-W10')}", "${isDateRange('XXXX-03-W02')}",
        "${isDateRange('2018-03-15')}", "${isTimeRange('TEV')}", "${isTimeRange('T12')}", "${isTimeRange('2018-03-15TNI')}",
        "${isDefinite('2018-03-15')}", "${isDefinite('XXXX-03-15')}", "${isDefinite('(2018-03-15,2018-03-18,P3D)')}", "${isDuration('(2018-03-15,2018-03-18,P3D)')}",
        "${isPresent('PRESENT_REF')}", "${isPresent('2018')}",
        // dateReadBack: the second date in words, seen from the first (weeks start on Sunday).
        "${dateReadBack(iso, iso)}", "${dateReadBack(iso, addDays(iso, 1))}", "${dateReadBack(iso, '2018-03-14T23:00:00.000Z')}",
        "${dateReadBack(iso, '2018-03-17T00:00:00.000Z')}", "${dateReadBack(iso, '2018-03-11T00:00:00.000Z')}", "${dateReadBack(iso, '2018-03-20T00:00:00.000Z')}",
        "${dateReadBack(iso, '2018-03-05T00:00:00.000Z')}", "${dateReadBack(iso, '2018-03-04T00:00:00.000Z')}", "${dateReadBack(iso, '2018-05-11T00:00:00.000Z')}",
        "${dateReadBack(iso, '2018-05-22T00:00:00.000Z')}", "${dateReadBack(iso, '2018-05-03T00:00:00.000Z')}", "${dateReadBack(iso, '2017-12-25T00:00:00.000Z')}",
        "${dateReadBack(iso, noZ)}", "${dateReadBack(n, iso)}", "${dateReadBack(iso)}",
        // Arity and argument types are checked when the template is parsed, as the official validators do.
        "${addDays(iso)}", "${formatEpoch()}", "${dayOfMonth(iso, 1)}", "x ${ticks(1)}", "x ${addDays(iso, '1')}", "${formatEpoch(formatDateTime(iso))}",
        "${dateTimeDiff(iso, 5)}", "${convertFromUTC(iso, 5)}",
        """{"$when":"${dayOfWeek(iso) == 4}","v":"Thursday"}""",
        """{"items":[{"$data":"${createArray(iso, midnight)}","v":"${formatDateTime($data, 'HH:mm')} ${getTimeOfDay($data)}"}]}""",
    ];

    private static readonly Lazy<Dictionary<string, JsonObject>> Official = new(() =>
    {
        var data = JsonNode.Parse(Data);
        var answers = OfficialEngine.ExpandAll(Cases.Select(c => ((JsonNode?)Template(c), data)));
        return Cases.Zip(answers).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    });

    private static JsonNode Template(string @case) =>
        @case.StartsWith('{') ? JsonNode.Parse(@case)! : new JsonObject { ["v"] = @case };

    public static TheoryData<string> AllCases() => [.. Cases];

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Expand_DateCase_MatchesOfficialEngine(string @case)
    {
        var official = Official.Value[@case];
        var templateJson = Template(@case).ToJsonString();

        if (official.ContainsKey("error"))
        {
            Assert.Throws<TemplateException>(() => CardTemplate.Parse(templateJson).Expand(JsonNode.Parse(Data)));
            return;
        }

        var result = CardTemplate.Parse(templateJson).Expand(JsonNode.Parse(Data));

        JsonAssert.Equal(official["output"], result.Card, @case);
    }

    // The clock functions, each expanded by both engines with their clocks set to the same instant.
    private static readonly string[] ClockCases =
    [
        "${utcNow()}", "${utcNow('yyyy-MM-dd HH:mm')}", "${utcNow('dddd', 'en-US')}", "${utcNow('')}", "${getTimeOfDay(utcNow())}",
        "${getFutureTime(2, 'Day')}", "${getFutureTime(1, 'Month', 'yyyy-MM-dd')}", "${getFutureTime(1, 'Year')}", "${getFutureTime(n, 'Second')}",
        "${getPastTime(1, 'Week', 'yyyy-MM-dd')}", "${getPastTime(90, 'Minute', 'HH:mm', 'en-US')}", "${getFutureTime(1, 'Bogus')}", "${getPastTime(half, 'Day')}",
        "${dateReadBack(utcNow(), getFutureTime(1, 'Day'))}", "${dateReadBack(utcNow(), getFutureTime(5, 'Day'))}", "${dateReadBack(utcNow(), getPastTime(9, 'Day'))}",
        // The next or previous date with a month and day, in UTC or a time zone's today.
        "${getNextViableDate('XXXX-03-15')}", "${getNextViableDate('XXXX-03-14')}", "${getNextViableDate('XXXX-12-31')}", "${getNextViableDate('XXXX-01-01')}",
        "${getNextViableDate('XXXX-02-29')}", "${getNextViableDate('XXXX-02-30')}", "${getNextViableDate(obj)}", "${getPreviousViableDate('XXXX-03-15')}",
        "${getPreviousViableDate('XXXX-01-01')}", "${getPreviousViableDate('XXXX-02-29')}", "${getNextViableDate('XXXX-03-15', 'Line Islands Standard Time')}",
        "${getPreviousViableDate('XXXX-07-01', 'Pacific Standard Time')}", "${getNextViableDate('XXXX-01-01', n)}",
        "${getNextViableDate('2018-10-31')}", "${getNextViableDate('XXXX-10')}", "${getNextViableDate('XXXX-10-31', 'Nowhere')}", "${getNextViableDate(n)}",
        // The next or previous time with a minute and second.
        "${getNextViableTime('TXX:40:00')}", "${getNextViableTime('TXX:30:00')}", "${getNextViableTime('TXX:00:00')}", "${getNextViableTime('TXX:34:56')}",
        "${getNextViableTime('TXX:59:59', 'India Standard Time')}", "${getPreviousViableTime('TXX:30:15')}", "${getPreviousViableTime('TXX:50:00')}",
        "${getPreviousViableTime('TXX:00:00')}", "${getPreviousViableTime('TXX:30:00', 'Nepal Standard Time')}", "${getNextViableTime('T12:15:28')}",
        "${getNextViableTime('TXX:75:00')}", "${getNextViableTime('TXX:15:28', 'Nowhere')}",
        // In a gap or an overlap of daylight saving time, Day.js starts from the zone's offset now.
        "${convertToUTC('2018-11-04T01:30:00', 'Eastern Standard Time')}", "${convertToUTC('2018-03-11T02:30:00', 'Eastern Standard Time')}",
        "${convertToUTC('2018-10-28T02:30:00', 'W. Europe Standard Time')}", "${convertToUTC('2018-03-25T02:30:00', 'GMT Standard Time')}",
    ];

    private static readonly string[] Clocks =
    [
        "2018-03-15T12:34:56.789Z", "2018-01-10T08:00:00.000Z", "2018-07-01T23:59:59.999Z", "2020-02-29T00:00:00.000Z", "2018-12-31T23:30:00.000Z",
    ];

    private static DateTimeOffset Instant(string clock) => DateTimeOffset.Parse(clock, CultureInfo.InvariantCulture);

    private static readonly Lazy<Dictionary<(string, string), JsonObject>> OfficialAtClock = new(() =>
    {
        var data = JsonNode.Parse(Data);
        var answers = new Dictionary<(string, string), JsonObject>();
        foreach (var clock in Clocks)
        {
            foreach (var (@case, answer) in ClockCases.Zip(OfficialEngine.ExpandAll(ClockCases.Select(c => ((JsonNode?)Template(c), data)), Instant(clock))))
            {
                answers[(clock, @case)] = answer;
            }
        }

        return answers;
    });

    public static TheoryData<string, string> AllClockCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var clock in Clocks)
        {
            foreach (var @case in ClockCases)
            {
                cases.Add(clock, @case);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(AllClockCases))]
    public void Expand_ClockCase_MatchesOfficialEngineAtTheSameInstant(string clock, string @case)
    {
        var official = OfficialAtClock.Value[(clock, @case)];
        var template = CardTemplate.Parse(Template(@case).ToJsonString());
        var fake = new FakeTimeProvider(Instant(clock));

        if (official.ContainsKey("error"))
        {
            Assert.Throws<TemplateException>(() => template.Expand(JsonNode.Parse(Data), clock: fake));
            return;
        }

        JsonAssert.Equal(official["output"], template.Expand(JsonNode.Parse(Data), clock: fake).Card, $"{@case} at {clock}");
    }

    [Fact]
    public void Expand_ClockCases_AreNotAllTheSameAtEveryInstant()
    {
        // Guards the theory above against a clock that is not passed on: the answers must differ between instants.
        var answers = Clocks.Select(clock => string.Join("|", ClockCases.Select(c => OfficialAtClock.Value[(clock, c)].ToJsonString()))).ToList();

        Assert.Equal(Clocks.Length, answers.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("T13:30", (string?)CardTemplate.Parse("""{"v":"${getNextViableTime('TXX:30:00')}"}""")
            .Expand(null, clock: new FakeTimeProvider(Instant(Clocks[0]))).Card!["v"]);
    }

    [Fact]
    public void Expand_UtcNow_AgreesWithTheOfficialEnginesClock()
    {
        // The one place both engines read a real clock: the same layout, and instants minutes apart at most.
        var template = new JsonObject { ["past"] = "${getPastTime(1, 'Hour')}", ["now"] = "${utcNow()}", ["future"] = "${getFutureTime(1, 'Day')}" };
        var official = OfficialEngine.Expand(template, null)["output"]!;

        var ours = CardTemplate.Parse(template.ToJsonString()).Expand(null).Card!;

        foreach (var key in (string[])["past", "now", "future"])
        {
            var theirs = DateTime.ParseExact((string)official[key]!, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            var mine = DateTime.ParseExact((string)ours[key]!, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            Assert.True(Math.Abs((theirs - mine).TotalMinutes) < 5, $"{key}: official {theirs:O}, ours {mine:O}");
        }
    }

    [Theory]
    [InlineData("${formatEpoch(300000000000)}", "outside the years 1 to 9999")]
    [InlineData("${addToTime(year1, -1, 'Day')}", "leaves the years 1 to 9999")]
    [InlineData("${addDays(year1, -1)}", "outside the years 1 to 9999")]
    public void Expand_DeliberateDateDeviation_IsRefusedWithReason(string binding, string reason)
    {
        // Years outside 1..9999 do not fit a DateTime. The official engine produces something for each (checked, so a case that stops being a deviation is noticed).
        var template = new JsonObject { ["v"] = binding };
        var official = OfficialEngine.Expand(template, JsonNode.Parse(Data));
        Assert.False(official.ContainsKey("error"), $"no longer a deviation, the official engine fails too: {official["error"]}");

        var error = Assert.Throws<TemplateException>(() => CardTemplate.Parse(template.ToJsonString()).Expand(JsonNode.Parse(Data)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
