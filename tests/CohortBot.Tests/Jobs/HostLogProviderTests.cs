using CohortBot.Jobs;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace CohortBot.Tests.Jobs;

public sealed class HostLogProviderTests
{
    [Fact]
    public void GetLogger_WhileTheHostRuns_WritesThroughItsLogging()
    {
        var written = new List<string>();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(new ListLoggerProvider(written)));
        var provider = new HostLogProvider(loggers);

        var logged = provider.GetLogger("Hangfire.Test").Log(HangfireLevel.Warn, () => "job retried");

        Assert.True(logged);
        Assert.Equal(["Hangfire.Test: job retried"], written);
    }

    [Fact]
    public void GetLogger_AfterTheHostsLoggingWasDisposed_GivesASilentLoggerInsteadOfThrowing()
    {
        var written = new List<string>();
        var loggers = LoggerFactory.Create(logging => logging.AddProvider(new ListLoggerProvider(written)));
        var provider = new HostLogProvider(loggers);
        loggers.Dispose();

        var logger = provider.GetLogger("Hangfire.Test");

        Assert.False(logger.Log(HangfireLevel.Error, () => "after the host stopped"));
        Assert.Empty(written);
    }

    private sealed class ListLoggerProvider(List<string> written) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, written);

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger(string category, List<string> written) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            written.Add($"{category}: {formatter(state, exception)}");
    }
}
