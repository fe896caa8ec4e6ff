using System.Net;

namespace CohortBot.Slack;

/// <summary>A Web API call failed: Slack answered <c>ok:false</c>, or an HTTP error remained after the retries.</summary>
public sealed class SlackApiException : Exception
{
    /// <summary>Creates the exception for a failed call.</summary>
    /// <param name="method">The Web API method.</param>
    /// <param name="error">Slack's <c>error</c> code, or <c>http_{status}</c> for an HTTP failure.</param>
    /// <param name="statusCode">The HTTP status of the last answer.</param>
    public SlackApiException(string method, string error, HttpStatusCode? statusCode = null)
        : base($"Slack {method} failed: {error}.")
    {
        Method = method;
        Error = error;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception for a failed call, with its cause.</summary>
    /// <param name="method">The Web API method.</param>
    /// <param name="error">Slack's <c>error</c> code, or this library's (<c>invalid_response</c>, <c>repeated_cursor</c>...).</param>
    /// <param name="statusCode">The HTTP status of the last answer.</param>
    /// <param name="innerException">The cause.</param>
    public SlackApiException(string method, string error, HttpStatusCode? statusCode, Exception? innerException)
        : base($"Slack {method} failed: {error}.", innerException)
    {
        Method = method;
        Error = error;
        StatusCode = statusCode;
    }

    /// <summary>Creates the exception with a message.</summary>
    public SlackApiException() : this("unknown", "unknown") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SlackApiException(string message) : base(message)
    {
        Method = "unknown";
        Error = "unknown";
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SlackApiException(string message, Exception innerException) : base(message, innerException)
    {
        Method = "unknown";
        Error = "unknown";
    }

    /// <summary>The Web API method, such as <c>chat.postMessage</c>.</summary>
    public string Method { get; }

    /// <summary>Slack's <c>error</c> code (such as <c>channel_not_found</c>), or <c>http_{status}</c>.</summary>
    public string Error { get; }

    /// <summary>The HTTP status of the last answer, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }
}
