using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace CohortBot.Jobs;

/// Hangfire's logs, written through the host's logging. Hangfire keeps one log provider for the
/// whole process, so its threads may still ask for a logger after the host's logger factory was
/// disposed (the host stopping, or, in tests, another host in the same process): they then get a
/// logger that writes nothing, instead of an exception that fails a job or a request.
internal sealed class HostLogProvider(ILoggerFactory loggers) : ILogProvider
{
    private readonly AspNetCoreLogProvider _host = new(loggers);

    public ILog GetLogger(string name)
    {
        try
        {
            return _host.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
