using System.Net;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Publish;

public sealed class PublishConcurrencyTests
{
    private const int Duplicates = 50;

    [Fact]
    public async Task Fifty_concurrent_publishes_with_the_same_key_make_one_event()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var responses = await Task.WhenAll(Enumerable.Range(0, Duplicates)
            .Select(_ => SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "double-click-key")));

        var eventId = await AssertOneEventAsync(tenant, sessionId, responses);
        var replays = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.All(replays, r => Assert.True(r.Headers.Contains("Idempotent-Replayed")));
        var action = Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId));
        Assert.Equal("completed", action.Status);
        Assert.Equal(eventId, (await SessionRows.ReadAsync(tenant, sessionId)).EventId);
    }

    [Fact]
    public async Task Fifty_concurrent_publishes_with_different_keys_make_one_event()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);

        var responses = await Task.WhenAll(Enumerable.Range(0, Duplicates)
            .Select(i => SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = $"tab-{i:D4}-key" })));

        var eventId = await AssertOneEventAsync(tenant, sessionId, responses);
        var completed = (await SessionRows.ActionsAsync(tenant, sessionId)).Where(a => a.Status == "completed").ToList();
        Assert.Single(completed);
        Assert.DoesNotContain(await SessionRows.ActionsAsync(tenant, sessionId), a => a.Status == "in_progress");
        Assert.Equal(eventId, (await SessionRows.ReadAsync(tenant, sessionId)).EventId);
    }

    /// <summary>Every answer is 201, 200 or 409 with Retry-After; exactly one 201; every success carries the one event.</summary>
    private static async Task<Guid> AssertOneEventAsync(TenantClient tenant, string sessionId, HttpResponseMessage[] responses)
    {
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK
                || (response.StatusCode == HttpStatusCode.Conflict && response.Headers.RetryAfter is not null),
                $"unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var ids = new HashSet<Guid>();
        foreach (var response in responses.Where(r => r.IsSuccessStatusCode))
        {
            ids.Add((await ResponseBody.JsonAsync(response)).GetProperty("id").GetGuid());
        }
        var eventId = Assert.Single(ids);
        Assert.Equal([eventId], await SessionRows.EventIdsAsync(tenant.OrganizationId, sessionId));
        return eventId;
    }
}
