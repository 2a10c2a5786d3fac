using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps what a host logs, for tests that assert on the log (no Error-level entry, no stack
/// trace). Give it to <c>DevHostApp.StartAsync</c>; the host's log level settings still decide what reaches it.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<Entry> entries = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    /// <summary>One log entry as written, with the scopes it was written in (outermost first).</summary>
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception,
        IReadOnlyList<object?> Scopes)
    {
        /// <summary>The value of <paramref name="name"/> in any of the entry's scopes that are name/value lists.</summary>
        public object? ScopeValue(string name) => Scopes.OfType<IEnumerable<KeyValuePair<string, object>>>()
            .SelectMany(scope => scope).Where(pair => pair.Key == name).Select(pair => pair.Value).FirstOrDefault();

        public override string ToString() => $"{Level} {Category}[{EventId.Id}]: {Message}{(Exception is null ? "" : " " + Exception)}";
    }

    public IReadOnlyList<Entry> Entries => [.. entries];

    public void Clear() => entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<object?>();
            capture.scopes.ForEachScope((scope, list) => list.Add(scope), scopes);
            capture.entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), exception, scopes));
        }
    }
}
