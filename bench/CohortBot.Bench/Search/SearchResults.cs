using CohortBot.Bench.Rig;

namespace CohortBot.Bench.Search;

/// Latencies in milliseconds: how many, mean, percentiles (nearest rank) and the slowest.
internal sealed record Latencies(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    public static Latencies Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted.Count == 0
            ? new Latencies(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new Latencies(sorted.Count, sorted.Average(), Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 95), Stats.Percentile(sorted, 99), sorted[^1]);
    }
}

/// The library as generated and written.
internal sealed record LibraryFigures(
    int Resources, int Cohorts, int ResourcesPerCohort, int Votes, double WordsPerResource, int DistinctTags, int Teachers,
    int TeachersInSeveralCohorts, double GenerateSeconds, double ImportSeconds, double InsertSeconds, double DatabaseMiB);

/// Index builds from the database: each cohort's <c>FreshenAsync</c>, in seconds, in cohort order.
internal sealed record RebuildFigures(List<double> PerCohortSeconds, double TotalSeconds, int IndexedResources)
{
    public double FirstSeconds => PerCohortSeconds[0];

    public double MedianSeconds => Stats.Median(PerCohortSeconds);

    public double MaxSeconds => PerCohortSeconds.Max();

    public double MinSeconds => PerCohortSeconds.Min();
}

/// The search itself, in this process on warm indexes, and what the indexes hold in memory.
internal sealed record InProcessFigures(
    RebuildFigures Rebuild,
    Latencies Search,
    Latencies OneCohort,
    Latencies SeveralCohorts,
    Latencies WithTypos,
    Latencies OffTopic,
    Latencies AllCohorts,
    double AnsweredShare,
    double TypoAnsweredShare,
    double OffTopicAnsweredShare,
    double IndexesManagedMiB,
    double ManagedHeapWithIndexesMiB)
{
    /// Hits of each measured question, in order, to compare with the cards the bot sent for the same questions.
    [System.Text.Json.Serialization.JsonIgnore]
    public List<int> Hits { get; init; } = [];
}

/// The bot's memory at one moment (MiB): resident now and at its peak so far.
internal sealed record MemoryPoint(string When, double RssMiB, double PeakRssMiB);

/// Whole answers through the running bot.
internal sealed record AnswerFigures(
    Latencies Whole,
    Latencies OneCohort,
    Latencies SeveralCohorts,
    Latencies RequestAnswered,
    List<double> FirstAnswerPerCohortMs,
    Latencies Hello,
    int WarmUpAnswers,
    double FoundShare,
    int AgreeWithInProcess,
    int Compared,
    int Failures,
    int OtherActivities,
    double Cores,
    List<MemoryPoint> Memory)
{
    public Latencies FirstAnswerPerCohort => Latencies.Of(FirstAnswerPerCohortMs);
}

internal sealed record SearchResult(LibraryFigures Library, InProcessFigures InProcess, AnswerFigures Answers);
