using System.Text;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Cohorts;
using static CohortBot.Tests.CheckIns.Scheduling.Dates;

namespace CohortBot.Tests.CheckIns.Scheduling;

public sealed class SchoolCalendarReaderTests
{
    private const string Chicago = "America/Chicago";
    private static readonly DateOnly SchoolYear = D("2026-08-01");

    [Fact]
    public void TryRead_SchoolCalendar_ReadsBreaksRepeatsAndTimedEventsAsClosures()
    {
        var calendar = Read(TestFile("lincoln-2026-27.ics"));

        Assert.Equal(
        [
            // Timed in Chicago, noon to noon: both dates it touches.
            new CalendarClosure("Parent-teacher conferences (early dismissal)", D("2026-10-15"), D("2026-10-16")),
            // Ends at midnight: the next day is not touched.
            new CalendarClosure("Fall carnival set-up", D("2026-10-30"), D("2026-10-30")),
            // 00:00Z-04:00Z on Nov 4 is the evening of Nov 3 in Chicago.
            new CalendarClosure("District network maintenance", D("2026-11-03"), D("2026-11-03")),
            // All-day, DTEND exclusive: Dec 21 to Jan 1.
            new CalendarClosure("Winter Break", D("2026-12-21"), D("2027-01-01")),
            // Weekly until Feb 22, without the EXDATE (Feb 1) and the cancelled instance (Feb 15).
            new CalendarClosure("No school - four-day week", D("2027-01-11"), D("2027-01-11")),
            new CalendarClosure("No school - four-day week", D("2027-01-18"), D("2027-01-18")),
            new CalendarClosure("No school - four-day week", D("2027-01-25"), D("2027-01-25")),
            new CalendarClosure("No school - four-day week", D("2027-02-08"), D("2027-02-08")),
            new CalendarClosure("No school - four-day week", D("2027-02-22"), D("2027-02-22")),
        ], calendar.Closures);
        Assert.Equal(2 + 1 + 1 + 12 + 5, calendar.ClosedDates.Count);
        Assert.True(calendar.IsClosed(D("2027-01-01")));
        Assert.False(calendar.IsClosed(D("2027-01-02")));
        Assert.False(calendar.IsClosed(D("2026-12-20")));
        Assert.False(calendar.IsClosed(D("2027-02-15")));
        Assert.Equal(SchoolYear, calendar.From);
        Assert.Equal(D("2029-08-01"), calendar.Until);
    }

    [Fact]
    public void TryRead_WindowStartingInABreak_KeepsWhatIsLeftOfIt()
    {
        var calendar = Read(TestFile("lincoln-2026-27.ics"), from: D("2026-12-28"));

        Assert.Equal(new CalendarClosure("Winter Break", D("2026-12-28"), D("2027-01-01")), calendar.Closures[0]);
        Assert.False(calendar.IsClosed(D("2026-12-21")));
    }

    [Fact]
    public void TryRead_RepeatWithoutEnd_IsExpandedForThreeYears()
    {
        var calendar = Read(Ics(Event("Early release Friday", "DTSTART;VALUE=DATE:20260904", "RRULE:FREQ=WEEKLY;BYDAY=FR")), from: D("2026-09-01"));

        // Every Friday from 2026-09-04 to 2029-08-31: 157 of them, and none after the window.
        Assert.Equal(157, calendar.Closures.Count);
        Assert.Equal(D("2026-09-04"), calendar.Closures[0].FirstDate);
        Assert.Equal(D("2029-08-31"), calendar.Closures[^1].LastDate);
        Assert.All(calendar.ClosedDates, d => Assert.Equal(DayOfWeek.Friday, d.DayOfWeek));
    }

    [Fact]
    public void DemoCalendar_ClosesTheDemoDistrictsBreaksAndSkipsTheRoundsInThem()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "demo-calendar.ics");
        using var file = File.OpenRead(path);
        Assert.True(SchoolCalendarReader.TryRead(file, Chicago, SchoolYear, out var calendar, out var error), error);

        Assert.Equal(
        [
            new CalendarClosure("Thanksgiving Break", D("2026-11-23"), D("2026-11-27")),
            new CalendarClosure("Winter Break", D("2026-12-21"), D("2027-01-01")),
            new CalendarClosure("Martin Luther King Jr. Day", D("2027-01-18"), D("2027-01-18")),
            new CalendarClosure("Spring Break", D("2027-03-15"), D("2027-03-19")),
        ], calendar.Closures);

        var schedule = new CohortSchedule { TimeZone = Chicago, AnchorDate = D("2026-09-01"), IntervalWeeks = 2, Weekday = DayOfWeek.Tuesday };
        var rounds = RoundCalendar.RoundDates(schedule, calendar.ClosedDates, SchoolYear).TakeWhile(d => d < D("2027-06-01")).ToList();
        Assert.DoesNotContain(D("2026-11-24"), rounds);
        Assert.DoesNotContain(D("2026-12-22"), rounds);
        Assert.DoesNotContain(D("2027-03-16"), rounds);
        Assert.Contains(D("2027-03-30"), rounds);
        Assert.Equal(20 - 3, rounds.Count); // Sep 1 to May 25, less the three in breaks
    }

    [Fact]
    public async Task ReadAsync_Stream_ReadsTheSameAsText()
    {
        var text = TestFile("lincoln-2026-27.ics");
        // With a byte order mark, as Windows tools write UTF-8.
        using var stream = new MemoryStream([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        var (calendar, error) = await SchoolCalendarReader.ReadAsync(stream, Chicago, SchoolYear, TestContext.Current.CancellationToken);

        Assert.Null(error);
        Assert.Equal(Read(text).Closures, calendar!.Closures);
    }

    [Fact]
    public void TryRead_CalendarWithoutEvents_HasNoClosures()
    {
        var calendar = Read(Ics());

        Assert.Empty(calendar.Closures);
        Assert.Empty(calendar.ClosedDates);
    }

    [Fact]
    public void TryRead_EventWithoutAName_IsStillAClosure()
    {
        var calendar = Read(Ics("BEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20261012\r\nEND:VEVENT\r\n"));

        Assert.Equal([new CalendarClosure("(untitled)", D("2026-10-12"), D("2026-10-12"))], calendar.Closures);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "not a calendar", "Holidays: Nov 23-27, Dec 21-Jan 1", "it has no BEGIN:VCALENDAR line" },
        { "a web page", "<html><body>BEGIN:VCALENDAR? 404 Not Found</body></html>", "not a readable iCalendar (.ics) file" },
        { "unclosed event", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Winter Break\r\nDTSTART;VALUE=DATE:20261221\r\n", "not a readable iCalendar (.ics) file" },
        { "two calendars", Ics() + Ics(), "holds more than one calendar" },
        { "no start", Ics(Event("Winter Break")), "The event 'Winter Break' has no start date (DTSTART)" },
        { "bad start", Ics(Event("Winter Break", "DTSTART;VALUE=DATE:2026-12-21")), "The event 'Winter Break' has no start date (DTSTART)" },
        { "unknown zone", Ics(Event("In-service", "DTSTART;TZID=Mars/Olympus:20261015T080000", "DTEND;TZID=Mars/Olympus:20261015T150000")), "The event 'In-service' uses the time zone 'Mars/Olympus', which is not a known one" },
        { "every second", Ics(Event("Flood", "DTSTART:19000101T000000Z", "RRULE:FREQ=SECONDLY")), "The event 'Flood' repeats more than once a day" },
        { "every hour", Ics(Event("Flood", "DTSTART:19000101T000000Z", "RRULE:FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23")), "The event 'Flood' repeats more than once a day" },
        { "never matches", Ics(Event("February 30", "DTSTART;VALUE=DATE:20260101", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")), "The event 'February 30' has a repeat rule that never gives a date" },
        { "too many closures", Ics([.. Enumerable.Range(0, 10).Select(i => Event($"Daily {i}", "DTSTART;VALUE=DATE:20260901", "RRULE:FREQ=DAILY"))]), "more than 10000 closures between 2026-08-01 and 2029-08-01" },
        { "too many events", Ics([.. Enumerable.Range(0, 2_001).Select(i => Event($"Day {i}", "DTSTART;VALUE=DATE:20260901"))]), "The calendar has 2001 events; at most 2000 are read." },
        // A folded BEGIN line is not counted before parsing, but the parsed calendar is.
        { "too many events, folded", Ics([.. Enumerable.Range(0, 2_001).Select(i => Event($"Day {i}", "DTSTART;VALUE=DATE:20260901").Replace("BEGIN:VEVENT", "BEGIN:VEV\r\n ENT", StringComparison.Ordinal))]), "The calendar has 2001 events; at most 2000 are read." },
        { "too large", Ics(Event("Winter Break", "DTSTART;VALUE=DATE:20261221", "DESCRIPTION:" + new string('x', 1024 * 1024))), "larger than 1 MiB" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void TryRead_BadFile_IsRefusedWithAMessage(string what, string text, string message)
    {
        Assert.False(SchoolCalendarReader.TryRead(text, Chicago, SchoolYear, out var calendar, out var error), what);

        Assert.Null(calendar);
        Assert.Contains(message, error, StringComparison.Ordinal);
        // One sentence, no exception's name or trace.
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_EndlessStream_StopsReadingPastTheLimit()
    {
        using var stream = new EndlessStream();

        Assert.False(SchoolCalendarReader.TryRead(stream, Chicago, SchoolYear, out _, out var error));

        Assert.Contains("larger than 1 MiB", error, StringComparison.Ordinal);
        Assert.Equal(SchoolCalendarReader.MaxBytes + 1, stream.Position);
    }

    [Fact]
    public void TryRead_UnknownDistrictZone_IsTheCallersMistake() =>
        Assert.Throws<ArgumentException>(() => SchoolCalendarReader.TryRead(Ics(), "Central Standard Time", SchoolYear, out _, out _));

    private static SchoolCalendar Read(string text, DateOnly? from = null)
    {
        Assert.True(SchoolCalendarReader.TryRead(text, Chicago, from ?? SchoolYear, out var calendar, out var error), error);
        return calendar;
    }

    private static string Ics(params string[] events) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//CohortBot tests//EN\r\n" + string.Concat(events) + "END:VCALENDAR\r\n";

    private static string Event(string summary, params string[] lines) =>
        $"BEGIN:VEVENT\r\nUID:{Guid.NewGuid()}\r\nDTSTAMP:20260601T120000Z\r\nSUMMARY:{summary}\r\n" + string.Concat(lines.Select(l => l + "\r\n")) + "END:VEVENT\r\n";

    // The test calendars live next to this file; the tests run from the build output below the repository.
    private static string TestFile(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CohortBot.sln")))
                return File.ReadAllText(Path.Combine(directory.FullName, "tests", "CohortBot.Tests", "CheckIns", "Scheduling", name));
        }
        throw new InvalidOperationException($"no CohortBot.sln above {AppContext.BaseDirectory}");
    }

    // A download that never ends: the reader must stop at its limit, not read on.
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'x');
            Position += count;
            return count;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
