using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

public sealed class AutosaveConcurrencyTests
{
    private const int Writers = 20;

    [Fact]
    public async Task Concurrent_patches_with_the_same_If_Match_give_exactly_one_200_and_the_rest_412()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);

        var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            PatchAsync(tenant, new { sessionId = id, stage = "organizer", data = new { name = $"writer {i}" } }, ifMatch: "\"1\"")));

        Assert.Equal("", await UnexpectedAsync(responses, HttpStatusCode.OK, HttpStatusCode.PreconditionFailed));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var winner = await JsonAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK));
        var stored = await JsonAsync(await tenant.Http.GetAsync($"/api/wizard-session/{id}"));
        Assert.Equal(2, stored.GetProperty("version").GetInt32());
        Assert.Equal(winner.GetProperty("organizer_data").GetRawText(), stored.GetProperty("organizer_data").GetRawText());
    }

    [Fact]
    public async Task Concurrent_patches_without_If_Match_are_all_applied_one_after_another()
    {
        var tenant = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(tenant, id);
        string[] stages = ["organizer", "event", "ticket", "venue", "payment"];

        var responses = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            PatchAsync(tenant, new { sessionId = id, stage = stages[i % stages.Length], data = new { writer = i } })));

        Assert.Equal("", await UnexpectedAsync(responses, HttpStatusCode.OK));
        var versions = new List<int>();
        foreach (var response in responses)
        {
            versions.Add((await JsonAsync(response)).GetProperty("version").GetInt32());
        }
        Assert.Equal(Enumerable.Range(2, Writers), versions.Order());
        var stored = await JsonAsync(await tenant.Http.GetAsync($"/api/wizard-session/{id}"));
        Assert.Equal(1 + Writers, stored.GetProperty("version").GetInt32());
        foreach (var (stage, column) in stages.Zip(["organizer_data", "event_data", "ticket_data", "venue_data", "payment_data"]))
        {
            // Each stage's payload is one of its writers' (none torn, none lost to another stage's write).
            var writer = stored.GetProperty(column).GetProperty("writer").GetInt32();
            Assert.Equal(stage, stages[writer % stages.Length]);
        }
    }
}
