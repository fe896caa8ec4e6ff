using CohortBot.Cohorts;

namespace CohortBot.Visits;

/// A blended model as a teacher types it after a command: the standard name however cased or spaced
/// (<see cref="VisitRoster.Model"/>), or the one model whose name starts with what they typed
/// ("station" for Station Rotation). Null when it names none or several.
internal static class VisitModels
{
    public static string? Find(string typed)
    {
        if (VisitRoster.Model(typed) is { } exact)
            return exact;
        var squashed = Squash(typed);
        if (squashed.Length < 3)
            return null;
        var candidates = DefaultQuestionSet.BlendedModels.Where(m => Squash(m).StartsWith(squashed, StringComparison.Ordinal)).ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    public static string Unknown(string typed) =>
        $"I don't know the model \"{typed}\". The models are {string.Join(", ", DefaultQuestionSet.BlendedModels)}.";

    private static string Squash(string text) => new([.. text.Where(char.IsLetter).Select(char.ToLowerInvariant)]);
}
