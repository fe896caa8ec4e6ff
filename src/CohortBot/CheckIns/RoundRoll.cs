using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CohortBot.Cohorts;

namespace CohortBot.CheckIns;

/// Who a closed round asked and what each of them rated, without free text: what the cohort page's
/// table of members reads of a closed round, one row instead of every answer and check-in delivery.
/// Kept the first time the table reads the round after its close; erasing a member takes them out.
internal sealed class RoundRoll
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int RoundId { get; set; }

    /// <see cref="Members"/> as JSON.
    public required string MembersJson { get; set; }

    /// By member id, the round's rating answers of each teacher it asked (by question key; null when they did not answer).
    /// Read token by token: the cohort page reads a school year of rolls at every view, and the
    /// serializer's dictionary converters took a tenth of its time.
    public Dictionary<int, Dictionary<string, int>?> Members()
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(MembersJson));
        var members = new Dictionary<int, Dictionary<string, int>?>();
        Read(ref reader, JsonTokenType.StartObject);
        while (Read(ref reader, JsonTokenType.PropertyName, JsonTokenType.EndObject) == JsonTokenType.PropertyName)
        {
            if (!Utf8Parser.TryParse(reader.ValueSpan, out int memberId, out var length) || length != reader.ValueSpan.Length)
                throw NotARoll();
            if (Read(ref reader, JsonTokenType.Null, JsonTokenType.StartObject) == JsonTokenType.Null)
            {
                members[memberId] = null;
                continue;
            }
            var ratings = new Dictionary<string, int>();
            while (Read(ref reader, JsonTokenType.PropertyName, JsonTokenType.EndObject) == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                Read(ref reader, JsonTokenType.Number);
                ratings[key] = reader.GetInt32();
            }
            members[memberId] = ratings;
        }
        return members;
    }

    private JsonTokenType Read(ref Utf8JsonReader reader, JsonTokenType expected, JsonTokenType? or = null)
    {
        bool read;
        try
        {
            read = reader.Read();
        }
        catch (JsonException e)
        {
            throw NotARoll(e);
        }
        if (!read || (reader.TokenType != expected && reader.TokenType != or))
            throw NotARoll();
        return reader.TokenType;
    }

    private JsonException NotARoll(Exception? inner = null) =>
        new($"Round {RoundId}'s roll is not {{member id: {{rating key: number}} or null}}.", inner);

    /// Takes <paramref name="memberId"/> out of the roll (an erasure); false when they were not in it.
    public bool Forget(int memberId)
    {
        var members = Members();
        if (!members.Remove(memberId))
            return false;
        MembersJson = JsonSerializer.Serialize(members, Json);
        return true;
    }

    public static RoundRoll Of(int roundId, Dictionary<int, Dictionary<string, int>?> members) =>
        new() { RoundId = roundId, MembersJson = JsonSerializer.Serialize(members, Json) };

    /// Who a round asked (<paramref name="sent"/> its check-in, or when it sent none
    /// (imported history), every one of <paramref name="teachers"/>; and whoever answered), with their
    /// whole-number answers to the round's rating questions.
    public static Dictionary<int, Dictionary<string, int>?> Count(IReadOnlyList<Question> questions, IReadOnlyCollection<int> sent,
        IEnumerable<int> teachers, IEnumerable<(int MemberId, string AnswersJson)> answers)
    {
        var members = (sent.Count > 0 ? sent : teachers).Distinct().ToDictionary(id => id, _ => (Dictionary<string, int>?)null);
        var ratings = questions.Where(q => q.Kind == QuestionKind.Rating).Select(q => q.Key).ToList();
        foreach (var (memberId, answersJson) in answers)
        {
            var given = JsonNode.Parse(answersJson) as JsonObject ?? [];
            members[memberId] = ratings
                .Select(key => (key, value: given[key] is JsonValue value && value.TryGetValue<int>(out var rating) ? rating : (int?)null))
                .Where(r => r.value is not null).ToDictionary(r => r.key, r => r.value!.Value);
        }
        return members;
    }
}
