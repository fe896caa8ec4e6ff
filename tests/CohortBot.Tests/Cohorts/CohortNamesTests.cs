using CohortBot.Cohorts;

namespace CohortBot.Tests.Cohorts;

public sealed class CohortNamesTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    private static Cohort Named(string name, DateOnly? end = null) => new()
    {
        Name = name,
        Schedule = new CohortSchedule { TimeZone = "America/Chicago", AnchorDate = new DateOnly(2025, 9, 2), EndDate = end },
    };

    private static readonly Cohort[] District =
    [
        Named("Blended Learning Cohort 2025", end: new DateOnly(2026, 6, 2)),
        Named("Blended Learning Cohort 2026"),
        Named("Station Rotation Pilot"),
    ];

    [Theory]
    [InlineData("blended", "Blended Learning Cohort 2026", "")] // last year's has ended: the running one
    [InlineData("blended 2027-01-12", "Blended Learning Cohort 2026", "2027-01-12")]
    [InlineData("Blended Learning Cohort 2025", "Blended Learning Cohort 2025", "")] // named whole, an ended cohort is found
    [InlineData("blended learning cohort 2025 pending", "Blended Learning Cohort 2025", "pending")]
    [InlineData("station", "Station Rotation Pilot", "")]
    public void Find_NamesOneCohort(string typed, string expected, string options)
    {
        var match = CohortNames.Find(typed, District, Today);

        Assert.Equal(expected, match.Cohort?.Name);
        Assert.Equal(options, match.Options);
    }

    [Fact]
    public void Find_TwoRunningCohorts_IsAmbiguousWithBoth()
    {
        var match = CohortNames.Find("blended", [.. District, Named("Blended Models Study Group")], Today);

        Assert.Null(match.Cohort);
        Assert.Equal(["Blended Learning Cohort 2025", "Blended Learning Cohort 2026", "Blended Models Study Group"], match.Candidates);
    }

    [Fact]
    public void Find_BeforeTheEnd_BothAreRunningAndAmbiguous()
    {
        var match = CohortNames.Find("blended", District, new DateOnly(2026, 5, 1));

        Assert.Null(match.Cohort);
        Assert.Equal(2, match.Candidates.Count);
    }
}
