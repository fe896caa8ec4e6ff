using System.Net;

namespace CohortBot.Teams;

/// <summary>A Bot Connector call failed (after any retries).</summary>
public sealed class ConnectorException : Exception
{
    private static readonly HashSet<string> UnreachableCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "ConversationBlockedByUser",
        "MessageWritesBlocked",
        "BotNotInConversationRoster",
        "BotDisabledByAdmin",
    };

    /// <summary>Creates the exception.</summary>
    public ConnectorException()
        : this("The Bot Connector call failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public ConnectorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed response.</summary>
    /// <param name="statusCode">The response status.</param>
    /// <param name="errorCode">The <c>error.code</c> of the body, if any.</param>
    /// <param name="errorMessage">The <c>error.message</c> of the body, if any.</param>
    /// <param name="correlationId">The <c>X-Correlating-OperationId</c> response header, if any.</param>
    public ConnectorException(HttpStatusCode statusCode, string? errorCode, string? errorMessage, string? correlationId)
        : base(FormatMessage(statusCode, errorCode, errorMessage, correlationId))
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        CorrelationId = correlationId;
    }

    /// <summary>The HTTP status of the failed response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Bot Connector's error code, for example <c>ConversationNotFound</c>.</summary>
    public string? ErrorCode { get; }

    /// <summary>The <c>X-Correlating-OperationId</c> header, to log with the failure.</summary>
    public string? CorrelationId { get; }

    /// <summary>
    /// True when the recipient cannot be reached and retrying will not help: 403
    /// <c>ConversationBlockedByUser</c>, <c>MessageWritesBlocked</c>, <c>BotNotInConversationRoster</c>,
    /// <c>BotDisabledByAdmin</c>, or 404 <c>ConversationNotFound</c>.
    /// </summary>
    public bool IsRecipientUnreachable => StatusCode switch
    {
        HttpStatusCode.Forbidden => ErrorCode is not null && UnreachableCodes.Contains(ErrorCode),
        HttpStatusCode.NotFound => string.Equals(ErrorCode, "ConversationNotFound", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static string FormatMessage(HttpStatusCode statusCode, string? errorCode, string? errorMessage, string? correlationId) =>
        $"Bot Connector call failed with {(int)statusCode} {errorCode ?? statusCode.ToString()}: {errorMessage ?? "(no message)"} (correlation id {correlationId ?? "none"}).";
}
