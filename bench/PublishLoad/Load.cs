using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace EventWizard.Bench.PublishLoad;

/// <summary>Closed-loop load: each of N workers publishes the next session as soon as its previous answer arrives.</summary>
public static class Load
{
    public static async Task<LoadRun> RunAsync(HttpClient client, IReadOnlyList<BenchSession> sessions, int connections)
    {
        var queue = new ConcurrentQueue<BenchSession>(sessions);
        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            while (queue.TryDequeue(out var session))
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await PublishAsync(client, session, key: null);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
            }
        }));
        return new LoadRun(total.Elapsed, [.. latencies], new(statuses));
    }

    /// <summary>Fires <paramref name="count"/> publishes of one session at once; returns when the last is answered.</summary>
    public static async Task<Burst> BurstAsync(HttpClient client, BenchSession session, int count, bool sameKey)
    {
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await start.WaitAsync();
            using var response = await PublishAsync(client, session, sameKey ? $"burst-same-{session.SessionId}" : $"burst-{i:D4}-{session.SessionId}");
            await response.Content.ReadAsByteArrayAsync();
            statuses.AddOrUpdate(response.StatusCode, 1, (_, n) => n + 1);
        }).ToList();
        var elapsed = Stopwatch.StartNew();
        start.Release(count);
        await Task.WhenAll(tasks);
        return new Burst(elapsed.Elapsed, new(statuses));
    }

    private static Task<HttpResponseMessage> PublishAsync(HttpClient client, BenchSession session, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/publish-event")
        {
            Content = JsonContent.Create(new { sessionId = session.SessionId }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return client.SendAsync(request);
    }
}
