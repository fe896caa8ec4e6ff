using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CohortBot.Bench.Search;

/// What was written into the bot's database, and how long it took.
internal sealed record LibraryWritten(int Resources, int Votes, double Seconds, double DatabaseMiB, IReadOnlyList<int> CohortIds);

/// Writes the generated library straight into the bot's SQLite file, with the app stopped: the
/// columns as the app's migrations made them (instants as EF Core's binary DateTimeOffset, lists as
/// JSON text, Status 0 = Active), then bumps each cohort's LibraryVersion as the app does when its
/// library changes, so that any index built before is stale. Also a few votes, as teachers leave
/// them on answers (the index reads them too).
internal static class LibraryWriter
{
    private static readonly DateTimeOffsetToBinaryConverter Instant = new();

    public static async Task<LibraryWritten> WriteAsync(string databasePath, SearchDistrict district, IReadOnlyList<GeneratedResource> resources, IReadOnlyList<Question> voteQuestions, int seed)
    {
        var clock = Stopwatch.StartNew();
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false, DefaultTimeout = 30 }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();

        var cohortIds = new List<int>();
        foreach (var name in district.Cohorts)
            cohortIds.Add(Convert.ToInt32(await ScalarAsync(connection, "SELECT Id FROM Cohorts WHERE Name = $name", ("$name", name)), CultureInfo.InvariantCulture));
        var memberIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        await using (var members = connection.CreateCommand())
        {
            members.CommandText = "SELECT Id, Email FROM Members";
            await using var reader = await members.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                memberIds[reader.GetString(1)] = reader.GetInt32(0);
        }
        int Member(string email) => memberIds.TryGetValue(email, out var id) ? id : throw new InvalidOperationException($"{email} is not in the imported roster.");

        var random = new Random(seed);
        var votes = 0;
        await using (var transaction = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO Resources (CohortId, Title, Url, NormalizedUrl, Description, Tags, SharedByMemberId, CreditedMemberIds, SharedAt, UpdatedAt, Status, SourceKey, SourceLink)
                VALUES ($cohort, $title, $url, $normalized, $description, $tags, $by, $credited, $at, $at, 0, NULL, NULL);
                SELECT last_insert_rowid();
                """;
            var cohort = insert.Parameters.Add("$cohort", SqliteType.Integer);
            var title = insert.Parameters.Add("$title", SqliteType.Text);
            var url = insert.Parameters.Add("$url", SqliteType.Text);
            var normalized = insert.Parameters.Add("$normalized", SqliteType.Text);
            var description = insert.Parameters.Add("$description", SqliteType.Text);
            var tags = insert.Parameters.Add("$tags", SqliteType.Text);
            var by = insert.Parameters.Add("$by", SqliteType.Integer);
            var credited = insert.Parameters.Add("$credited", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);

            await using var vote = connection.CreateCommand();
            vote.Transaction = transaction;
            vote.CommandText = "INSERT OR IGNORE INTO ResourceVotes (ResourceId, MemberId, Question, Helpful, At) VALUES ($resource, $member, $question, $helpful, $at)";
            var voteResource = vote.Parameters.Add("$resource", SqliteType.Integer);
            var voteMember = vote.Parameters.Add("$member", SqliteType.Integer);
            var voteQuestion = vote.Parameters.Add("$question", SqliteType.Text);
            var voteHelpful = vote.Parameters.Add("$helpful", SqliteType.Integer);
            var voteAt = vote.Parameters.Add("$at", SqliteType.Integer);

            var teachersOf = Enumerable.Range(0, district.Cohorts.Count)
                .Select(c => district.Teachers.Where(t => t.Cohorts.Contains(c)).Select(t => Member(t.Email)).ToArray()).ToArray();
            foreach (var resource in resources)
            {
                var coach = Member(district.CoachEmails[resource.Cohort]);
                cohort.Value = cohortIds[resource.Cohort];
                title.Value = resource.Title;
                url.Value = resource.Url;
                normalized.Value = resource.NormalizedUrl;
                description.Value = resource.Description;
                tags.Value = JsonSerializer.Serialize(resource.Tags);
                by.Value = coach;
                credited.Value = JsonSerializer.Serialize(new[] { coach });
                at.Value = Instant.ConvertToProvider(resource.SharedAt);
                var id = Convert.ToInt64(await insert.ExecuteScalarAsync(), CultureInfo.InvariantCulture);

                // About one resource in twelve was offered and voted on, once or twice.
                if (random.Next(12) != 0)
                    continue;
                for (var v = random.Next(1, 3); v > 0; v--)
                {
                    var teachers = teachersOf[resource.Cohort];
                    voteResource.Value = id;
                    voteMember.Value = teachers[random.Next(teachers.Length)];
                    var question = voteQuestions[random.Next(voteQuestions.Count)].Text;
                    voteQuestion.Value = question.Length > 300 ? question[..300] : question;
                    voteHelpful.Value = random.Next(4) == 0 ? 0 : 1;
                    voteAt.Value = Instant.ConvertToProvider(resource.SharedAt + TimeSpan.FromDays(random.Next(1, 60)));
                    votes += await vote.ExecuteNonQueryAsync();
                }
            }

            await using var bump = connection.CreateCommand();
            bump.Transaction = transaction;
            bump.CommandText = "UPDATE Cohorts SET LibraryVersion = LibraryVersion + 1";
            await bump.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        await using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }
        var size = new FileInfo(databasePath).Length / 1024.0 / 1024.0;
        return new LibraryWritten(resources.Count, votes, clock.Elapsed.TotalSeconds, size, cohortIds);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, (string Name, object Value) parameter)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        return await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"Nothing found for {parameter.Value}.");
    }
}
