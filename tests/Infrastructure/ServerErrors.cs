using Microsoft.Extensions.Logging;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// Keeps what the shared test host logged about a 5xx answer a test received (matched by the request id), in
/// TestResults/server-errors.log and on standard error: an unexpected 500 in a long suite can then be explained.
/// </summary>
public static class ServerErrors
{
    private static readonly Lock FileLock = new();

    /// <summary>
    /// What the shared host logged at Error and up since its entry number <paramref name="first"/>, each with its
    /// request id (a problem's traceId), for callers that do not go through the contract-checking client (the Node
    /// tests). Other tests share the host, so an entry may be theirs; the request id tells.
    /// </summary>
    public static string LoggedSince(int first) => string.Concat(TestHost.Logs.Entries.Skip(first)
        .Where(entry => entry.Level >= LogLevel.Error)
        .Select(entry => $"  X-Request-Id {entry.ScopeValue("XRequestId") ?? "(none)"}: {entry}\n"));

    public static void Record(HttpRequestMessage request, HttpResponseMessage response)
    {
        var id = response.Headers.TryGetValues("X-Request-Id", out var values) ? values.FirstOrDefault() : null;
        var logged = TestHost.Logs.Entries.Where(entry => entry.Level >= LogLevel.Warning && id is not null
            && entry.ScopeValue("XRequestId") as string == id).ToList();
        var text = $"{DateTime.UtcNow:O} {request.Method} {request.RequestUri} -> {(int)response.StatusCode} (X-Request-Id {id})\n" +
            string.Concat(logged.Select(entry => "  " + entry + "\n"));
        Console.Error.Write(text);
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "server-errors.log");
        lock (FileLock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllText(path, text);
        }
    }
}
