using System.Collections.Concurrent;
using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Interactions;

/// <summary>
/// A reader tailing a transcript (GET …/interactions?after=&lt;last id it saw&gt;) while many writers post sees every
/// interaction exactly once, even one whose transaction commits after a later-stamped one.
/// </summary>
public sealed class TranscriptTailTests
{
    private const int Writers = 24;
    private const int PostsPerWriter = 40;

    [Fact]
    public async Task A_tailing_reader_sees_every_posted_interaction_exactly_once()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = NewId();
        await CreateAsync(tenant, sessionId);
        var posted = new ConcurrentBag<string>();
        var seen = new List<string>();
        string? after = null;

        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < PostsPerWriter; i++)
            {
                var response = await tenant.Http.PostAsync($"/api/wizard-session/{sessionId}/interactions",
                    Json(new { role = i % 2 == 0 ? "user" : "assistant", text = $"writer {writer} turn {i}" }));
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                posted.Add((await JsonAsync(response)).GetProperty("id").GetString()!);
            }
        })).ToList();
        var allWritten = Task.WhenAll(writers);

        while (true)
        {
            var writing = !allWritten.IsCompleted;
            var page = await JsonAsync(await tenant.Http.GetAsync(
                $"/api/wizard-session/{sessionId}/interactions?limit=50" + (after is null ? "" : $"&after={after}")));
            var ids = page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();
            seen.AddRange(ids);
            after = ids.Count > 0 ? ids[^1] : after;
            if (!writing && ids.Count == 0)
            {
                break;
            }
        }
        await allWritten;

        Assert.Equal(Writers * PostsPerWriter, posted.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(posted.Except(seen));
    }
}
