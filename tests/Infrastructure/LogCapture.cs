using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps what a host logs, for tests that assert on the log (no Error-level entry, no stack
/// trace). Give it to <c>DevHostApp.StartAsync</c>; the host's log level settings still decide what reaches it.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> entries = new();

    /// <summary>One log entry as written.</summary>
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}{(Exception is null ? "" : " " + Exception)}";
    }

    public IReadOnlyList<Entry> Entries => [.. entries];

    public void Clear() => entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
