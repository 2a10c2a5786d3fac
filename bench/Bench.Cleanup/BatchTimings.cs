using System.Collections.Concurrent;
using EventWizard.Shared.Cleanup;
using Microsoft.Extensions.Logging;

namespace EventWizard.Bench.Cleanup;

/// <summary>Collects the runner's per-batch debug events (step, rows, statement ms) for the summary.</summary>
internal sealed class BatchTimings : ILoggerProvider, ILogger
{
    public ConcurrentQueue<(string Step, int Rows, long Ms)> Batches { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (eventId.Id != CleanupRunner.BatchEvent.Id || state is not IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            return;
        }
        var fields = values.ToDictionary(v => v.Key, v => v.Value);
        Batches.Enqueue((fields["Step"]!.ToString()!, Convert.ToInt32(fields["Rows"]), Convert.ToInt64(fields["StatementMs"])));
    }

    public void Dispose()
    {
    }
}
