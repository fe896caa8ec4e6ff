namespace CohortBot.Outbox;

/// The channel will not send this delivery from this instance now, though another instance can: it
/// holds the right to send for <see cref="Scope"/> (a Teams tenant, whose one pace it keeps). The
/// delivery is put back, due again after <see cref="RetryAfter"/> for the others, without counting
/// the attempt (nothing was tried), and this instance's sweeps leave it alone
/// (<see cref="DeferredDeliveries"/>) until it gets that right itself.
internal sealed class DeliveryDeferredException(string message, string scope, TimeSpan retryAfter) : Exception(message)
{
    public string Scope => scope;

    public TimeSpan RetryAfter => retryAfter;
}
