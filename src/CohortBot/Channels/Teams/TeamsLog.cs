namespace CohortBot;

/// The Teams channel's sending part of <see cref="Log"/> (4xxx), kept beside the code that writes it.
internal static partial class Log
{
    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "This instance sends for {Scope}")]
    public static partial void TeamsTenantTaken(ILogger logger, string scope);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Another instance sends for {Scope}; its deliveries are left to it")]
    public static partial void TeamsTenantHeldElsewhere(ILogger logger, string scope);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "The connection holding the Teams tenant locks was lost ({Error}); {Count} tenant(s) are asked for again")]
    public static partial void TeamsTenantLocksLost(ILogger logger, string error, int count);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "The Teams tenant locks could not be checked ({Error}); they are asked for again at the next check")]
    public static partial void TeamsTenantLocksUnavailable(ILogger logger, string error);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "The sweep of a Teams tenant holder failed; it runs again shortly")]
    public static partial void TeamsTenantSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "The Teams app was installed through Microsoft Graph for a member (already installed: {AlreadyInstalled})")]
    public static partial void TeamsAppInstalled(ILogger logger, bool alreadyInstalled);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "Installing the Teams app through Microsoft Graph failed: {Status} {ErrorCode}")]
    public static partial void TeamsAppInstallFailed(ILogger logger, int status, string? errorCode);
}
