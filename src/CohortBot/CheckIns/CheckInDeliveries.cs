using CohortBot.Outbox;
using CohortBot.Storage;

namespace CohortBot.CheckIns;

/// The check-in cards rounds sent, found in the outbox by their keys (<c>round:ID/member:ID/checkin</c>,
/// <see cref="RoundService.Key"/>): each round's as one range of the key index (<see cref="DeliveryKeys"/>).
internal static class CheckInDeliveries
{
    private const string Suffix = "/checkin";

    /// The check-ins <paramref name="roundIds"/> sent, whatever became of them.
    public static IQueryable<Delivery> CheckInsOf(this CohortDbContext db, IReadOnlyCollection<int> roundIds) =>
        from round in db.Rounds
        where roundIds.Contains(round.Id)
        from delivery in db.Deliveries
        // DeliveryKeys.KeyedUnder's range, written out: its bounds come from each round in the query.
        where string.Compare(delivery.IdempotencyKey, "round:" + round.Id + "/member:") >= 0
           && string.Compare(delivery.IdempotencyKey, "round:" + round.Id + "/member;") < 0
           && delivery.IdempotencyKey.EndsWith(Suffix)
        select delivery;

    /// The check-ins one round sent.
    public static IQueryable<Delivery> CheckInsOf(this IQueryable<Delivery> deliveries, int roundId) =>
        deliveries.KeyedUnder($"round:{roundId}/member:").Where(d => d.IdempotencyKey.EndsWith(Suffix));

    /// The check-ins of a round that did not reach their teacher: unreachable, or failed after every retry.
    public static IQueryable<Delivery> NotDelivered(this IQueryable<Delivery> deliveries, int roundId) =>
        deliveries.CheckInsOf(roundId).Where(d => d.Status == DeliveryStatus.Unreachable || d.Status == DeliveryStatus.Failed);

    /// The round and the teacher a check-in's key names (null for any other key).
    public static (int RoundId, int MemberId)? Addressee(string key) =>
        key.Split('/') is [var round, var member, "checkin"]
        && round.StartsWith("round:", StringComparison.Ordinal) && int.TryParse(round.AsSpan("round:".Length), out var roundId)
        && member.StartsWith("member:", StringComparison.Ordinal) && int.TryParse(member.AsSpan("member:".Length), out var memberId)
            ? (roundId, memberId)
            : null;
}
