using System.Globalization;
using System.Text;

namespace CohortBot.Bench.Search;

/// A resource as a coach would have shared it, before it has a database id.
internal sealed record GeneratedResource(int Cohort, string Title, string Url, string Description, IReadOnlyList<string> Tags, DateTimeOffset SharedAt)
{
    /// The link as the app compares it: generated links already have a lower-case host, no trailing slash and no utm_* or fragment.
    public string NormalizedUrl => Url;
}

/// Generates a cohort's library: titles, descriptions and tags from <see cref="LibraryText"/>, the
/// same for the same seed. Each cohort leans towards the topics its coach keeps coming back to, as
/// real libraries do, and every topic turns up somewhere in every cohort.
internal static class ResourceGenerator
{
    private static readonly DateTimeOffset Newest = new(2026, 11, 20, 16, 0, 0, TimeSpan.Zero);

    public static List<GeneratedResource> Generate(int cohorts, int perCohort, int seed)
    {
        var random = new Random(seed);
        var all = new List<GeneratedResource>(cohorts * perCohort);
        for (var cohort = 0; cohort < cohorts; cohort++)
        {
            // A coach's favourite topics: a quarter of the cohort's resources come from these eight.
            var favourites = Enumerable.Range(0, 8).Select(_ => random.Next(LibraryText.Topics.Length)).ToArray();
            for (var i = 0; i < perCohort; i++)
            {
                var topic = random.Next(4) == 0 ? favourites[random.Next(favourites.Length)] : random.Next(LibraryText.Topics.Length);
                all.Add(One(random, cohort, i, topic));
            }
        }
        return all;
    }

    private static GeneratedResource One(Random random, int cohort, int index, int topicIndex)
    {
        var topic = LibraryText.Topics[topicIndex];
        var second = LibraryText.Topics[random.Next(LibraryText.Topics.Length)];
        var format = Pick(random, LibraryText.Formats);
        var audience = Pick(random, LibraryText.Audiences);
        var subject = LibraryText.Subjects[random.Next(LibraryText.Subjects.Length)];
        var tool = Pick(random, LibraryText.Tools);
        var title = random.Next(10) switch
        {
            0 => $"{Capital(format)}: {topic.Name} for {audience}",
            1 => $"{random.Next(3, 16)} {topic.Name} ideas for {audience}",
            2 => $"How to {Pick(random, ["launch", "run", "manage", "plan", "troubleshoot", "start", "rethink"])} {topic.Name} in {subject.Name}",
            3 => $"{Capital(topic.Name)} in {subject.Name}: {format}",
            4 => $"Getting started with {topic.Name}",
            5 => $"{Capital(topic.Name)} + {second.Name}: a {format}",
            6 => $"What we learned from a year of {topic.Name}",
            7 => $"{Capital(topic.Name)} that works with {audience}",
            8 => $"{Capital(topic.Name)} with {tool} ({format})",
            _ => $"{Capital(topic.Name)}: {Pick(random, LibraryText.Aspects)}",
        };

        var text = new StringBuilder();
        text.Append(random.Next(5) switch
        {
            0 => $"A {Pick(random, ["short", "practical", "detailed", "one-page", "teacher-made", "classroom-tested"])} {format} on {topic.Name} for {audience}.",
            1 => $"{Capital(Pick(random, LibraryText.Surnames))}'s {format} from {Pick(random, LibraryText.Schools)}: how they run {topic.Name} in {subject.Name}.",
            2 => $"Shared after the {Pick(random, LibraryText.Months)} session on {topic.Name}.",
            3 => $"Everything you need to try {topic.Name} next week.",
            _ => $"From our cohort's walkthroughs: {topic.Name} with {audience}.",
        });
        text.Append(CultureInfo.InvariantCulture, $" Covers {Pick(random, LibraryText.Aspects)}, {Pick(random, LibraryText.Aspects)} and {Pick(random, LibraryText.Aspects)}.");
        if (random.Next(2) == 0)
            text.Append(CultureInfo.InvariantCulture, $" Works with {tool}{(random.Next(3) == 0 ? " and " + Pick(random, LibraryText.Tools) : "")}.");
        if (random.Next(3) == 0)
            text.Append(CultureInfo.InvariantCulture, $" Tested in a {Pick(random, LibraryText.Audiences)} classroom with {random.Next(18, 36)} students and {random.Next(4, 32)} {Pick(random, ["Chromebooks", "iPads", "laptops", "devices"])}.");
        if (random.Next(3) == 0)
            text.Append(CultureInfo.InvariantCulture, $" Pairs well with {second.Name}.");
        if (random.Next(4) == 0)
            text.Append(CultureInfo.InvariantCulture, $" Includes a {Pick(random, LibraryText.Formats)} you can copy and adapt.");

        var tags = new List<string> { topic.Tag };
        if (random.Next(2) == 0)
            tags.Add(subject.Tag);
        if (random.Next(3) == 0)
            tags.Add(second.Tag);
        if (random.Next(4) == 0)
            tags.Add(Pick(random, ["k2", "elementary", "middleschool", "highschool", "ell", "sped", "newteachers"]));
        if (random.Next(5) == 0)
            tags.Add(tool.ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));

        var slug = Slug(title);
        var url = string.Create(CultureInfo.InvariantCulture, $"https://{Pick(random, LibraryText.Sites)}/{slug}-c{cohort + 1}-{index + 1}");
        var sharedAt = Newest - TimeSpan.FromMinutes(random.Next(0, 2 * 365 * 24 * 60));
        return new GeneratedResource(cohort, title, url, text.ToString(), [.. tags.Distinct(StringComparer.Ordinal)], sharedAt);
    }

    private static string Pick(Random random, string[] list) => list[random.Next(list.Length)];

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Slug(string title)
    {
        var slug = new StringBuilder(title.Length);
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-')
                slug.Append('-');
        }
        return slug.ToString().Trim('-');
    }
}
