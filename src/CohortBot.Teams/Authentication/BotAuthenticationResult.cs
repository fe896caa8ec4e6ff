using System.Security.Claims;

namespace CohortBot.Teams;

/// <summary>The outcome of authenticating a request from the Bot Connector.</summary>
public sealed record BotAuthenticationResult
{
    private BotAuthenticationResult()
    {
    }

    /// <summary>True when the request may be processed (a valid token, or anonymous mode).</summary>
    public bool IsAuthenticated { get; private init; }

    /// <summary>
    /// True when no App ID is configured, so every request is accepted without a token. The app
    /// decides whether that is allowed (only in development).
    /// </summary>
    public bool IsAnonymous { get; private init; }

    /// <summary>Why the request was refused: short, fixed, safe to log (never the token).</summary>
    public string? Failure { get; private init; }

    /// <summary>The validated token's claims; null when refused or anonymous.</summary>
    public ClaimsIdentity? Identity { get; private init; }

    /// <summary>The result of a request accepted without a token because no App ID is configured.</summary>
    public static BotAuthenticationResult Anonymous { get; } = new() { IsAuthenticated = true, IsAnonymous = true };

    internal static BotAuthenticationResult Success(ClaimsIdentity identity) => new() { IsAuthenticated = true, Identity = identity };

    internal static BotAuthenticationResult Fail(string reason) => new() { Failure = reason };
}
