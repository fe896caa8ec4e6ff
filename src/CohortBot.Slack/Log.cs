using System.Net;
using Microsoft.Extensions.Logging;

namespace CohortBot.Slack;

/// <summary>The library's log messages. Method names, error codes and statuses only: never tokens, secrets or message text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "Slack {Method} attempt {Attempt} failed with {Status}; retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, string method, int attempt, HttpStatusCode? status, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Slack {Method} answered ok:false with {Error}")]
    public static partial void NotOk(ILogger logger, string method, string error);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Slack {Method} failed with HTTP {Status} after the retries")]
    public static partial void HttpFailed(ILogger logger, string method, HttpStatusCode status);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Slack {Method} waited {Waited} for a rate-limit permit")]
    public static partial void Paced(ILogger logger, string method, TimeSpan waited);
}
