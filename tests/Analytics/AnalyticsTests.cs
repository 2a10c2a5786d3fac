using System.Globalization;
using System.Net;
using System.Text.Json;
using EventWizard.Tests.Cleanup;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Analytics.AnalyticsApi;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Analytics;

/// <summary>
/// GET /api/wizard-analytics against what the test itself did through the API: sessions moved forward and back,
/// published, abandoned and expired; ratings and assistant turns; a refused publish. The expected figures are computed
/// here from those actions, never read from the rollups.
/// </summary>
[Collection(CleanupCollection.Name)]
public sealed class AnalyticsTests
{
    private static readonly string[] Stages = ["organizerSetup", "eventSetup", "ticketSetup", "venueSetup", "paymentSetup", "reviewPublish"];

    private sealed record Rating(string? Stage, string? Model, int Score);

    private sealed record Turn(string? Model, int? LatencyMs, int Tokens);

    [Fact]
    public async Task The_figures_equal_what_the_test_did_through_the_API_and_another_organization_sees_none_of_it()
    {
        var tenant = await TestHost.NewTenantAsync();
        var furthest = new Dictionary<string, int>();
        var outcomes = new Dictionary<string, string>();
        var publishSeconds = new List<long>();

        async Task<string> StartAsync()
        {
            var id = NewId();
            furthest[id] = Rank((await CreateAsync(tenant, id)).GetProperty("current_stage").GetString()!);
            return id;
        }
        async Task PatchAsync(string id, string stage, object data)
        {
            var reached = Rank((await PatchOkAsync(tenant, new { sessionId = id, stage, data })).GetProperty("current_stage").GetString()!);
            furthest[id] = Math.Max(furthest[id], reached);
        }
        var payloads = new StagePayloads();

        // Published: every stage filled, then published (the publish moves it to reviewPublish).
        var published = await StartAsync();
        await CompleteDataStagesAsync(tenant, published);
        furthest[published] = Rank("paymentSetup");
        var created = (await ResponseBody.JsonAsync(await tenant.Http.GetAsync($"/api/wizard-session/{published}"))).GetProperty("created_at").GetDateTime();
        var publish = await SessionRows.PublishAsync(tenant.Http, new { sessionId = published });
        Assert.Equal(HttpStatusCode.Created, publish.StatusCode);
        var publishedAt = (await ResponseBody.JsonAsync(publish)).GetProperty("published_at").GetDateTime();
        furthest[published] = Rank("reviewPublish");
        outcomes[published] = "published";
        publishSeconds.Add((long)(publishedAt - created).TotalSeconds);

        // Moved to ticketSetup, then back to organizerSetup, then abandoned: ticketSetup stays reached.
        var movedBack = await StartAsync();
        await PatchAsync(movedBack, "organizerSetup", payloads.Organizer);
        await PatchAsync(movedBack, "eventSetup", payloads.Event);
        await PatchAsync(movedBack, "ticketSetup", payloads.Ticket);
        await PatchAsync(movedBack, "organizerSetup", payloads.Organizer);
        Assert.Equal(Rank("ticketSetup"), furthest[movedBack]);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.DeleteAsync($"/api/wizard-session/{movedBack}")).StatusCode);
        outcomes[movedBack] = "abandoned";

        // Refused: published with only the organizer filled in (a session_incomplete failure), left open.
        var refused = await StartAsync();
        await PatchAsync(refused, "organizerSetup", payloads.Organizer);
        await PatchAsync(refused, "eventSetup", new { title = "Half an event" });
        Assert.Equal(422, (int)(await SessionRows.PublishAsync(tenant.Http, new { sessionId = refused })).StatusCode);
        Assert.Equal(422, (int)(await SessionRows.PublishAsync(tenant.Http, new { sessionId = refused })).StatusCode);
        var failures = new Dictionary<string, long> { ["session_incomplete"] = 2 };

        // Expired: lapsed, then marked by the nightly cleanup.
        var expired = await StartAsync();
        await LapseAsync(tenant.OrganizationId, expired);
        await CleanupRows.Runner(await TestDatabase.RuntimeAsync(), TimeProvider.System).RunAsync(CancellationToken.None);
        outcomes[expired] = "expired";

        Rating[] ratings = [new("eventSetup", "gpt-a", 5), new("eventSetup", "gpt-b", 4), new("ticketSetup", "gpt-a", 2),
            new(null, null, 5), new("reviewPublish", "gpt-a", 3), new("eventSetup", null, 1)];
        foreach (var rating in ratings)
        {
            await AddInteractionAsync(tenant, refused, new { role = "user", stage = rating.Stage, model = rating.Model, csat = rating.Score });
        }
        Turn[] turns = [new("gpt-a", 100, 300), new("gpt-a", 250, 410), new("gpt-a", 800, 1200), new("gpt-a", 1200, 90), new("gpt-a", 3000, 2500),
            new("gpt-a", 47, 12), new("gpt-b", 50, 70), new("gpt-b", 61_000, 7000), new(null, null, 5)];
        foreach (var turn in turns)
        {
            await AddInteractionAsync(tenant, published, new { role = "assistant", model = turn.Model, latencyMs = turn.LatencyMs, tokensUsed = turn.Tokens, text = "…" });
        }
        await AddInteractionAsync(tenant, published, new { role = "user", model = "gpt-a", text = "not a turn of the assistant" });

        var from = Today.AddDays(-1);
        var to = Today.AddDays(1);
        var figures = await ReadAsync(tenant, from, to);

        Assert.Equal(Date(from), figures.GetProperty("from").GetString());
        Assert.Equal(Date(to), figures.GetProperty("to").GetString());
        var funnel = figures.GetProperty("funnel");
        Assert.Equal(furthest.Count, funnel.GetProperty("started").GetInt64());
        for (var rank = 1; rank <= Stages.Length; rank++)
        {
            Assert.Equal(furthest.Values.Count(f => f >= rank), funnel.GetProperty("reached").GetProperty(Stages[rank - 1]).GetInt64());
        }
        foreach (var outcome in new[] { "published", "abandoned", "expired" })
        {
            Assert.Equal(outcomes.Values.Count(o => o == outcome), funnel.GetProperty(outcome).GetInt64());
        }

        var timeToPublish = figures.GetProperty("timeToPublish");
        WithinPrecision(NearestRank(publishSeconds, 50), timeToPublish.GetProperty("p50Seconds"), "p50Seconds");
        WithinPrecision(NearestRank(publishSeconds, 90), timeToPublish.GetProperty("p90Seconds"), "p90Seconds");

        var csat = figures.GetProperty("csat");
        AssertRatings(ratings, csat);
        for (var score = 1; score <= 5; score++)
        {
            Assert.Equal(ratings.Count(r => r.Score == score), csat.GetProperty("distribution").GetProperty(score.ToString(CultureInfo.InvariantCulture)).GetInt64());
        }
        AssertGroups(ratings.Where(r => r.Stage is not null).GroupBy(r => r.Stage!), csat.GetProperty("byStage"));
        AssertGroups(ratings.Where(r => r.Model is not null).GroupBy(r => r.Model!), csat.GetProperty("byModel"));

        var ai = figures.GetProperty("ai").GetProperty("byModel");
        var byModel = turns.GroupBy(t => t.Model ?? "unknown").ToList();
        Assert.Equal(byModel.Select(g => g.Key).Order(StringComparer.Ordinal), ai.EnumerateObject().Select(p => p.Name));
        foreach (var model in byModel)
        {
            var reported = ai.GetProperty(model.Key);
            Assert.Equal(model.Count(), reported.GetProperty("turns").GetInt64());
            Assert.Equal(model.Sum(t => t.Tokens), reported.GetProperty("tokens").GetInt64());
            var latencies = model.Where(t => t.LatencyMs is not null).Select(t => (long)t.LatencyMs!.Value).ToList();
            if (latencies.Count == 0)
            {
                Assert.Equal(JsonValueKind.Null, reported.GetProperty("latencyP50Ms").ValueKind);
                continue;
            }
            WithinPrecision(NearestRank(latencies, 50), reported.GetProperty("latencyP50Ms"), $"{model.Key} p50");
            WithinPrecision(NearestRank(latencies, 95), reported.GetProperty("latencyP95Ms"), $"{model.Key} p95");
        }

        Assert.Equal(failures, figures.GetProperty("publishFailures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()));

        var daily = figures.GetProperty("daily").EnumerateArray().ToList();
        Assert.Equal([Date(from), Date(Today), Date(to)], daily.Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(furthest.Count, daily.Sum(d => d.GetProperty("started").GetInt64()));
        Assert.Equal(1, daily.Sum(d => d.GetProperty("published").GetInt64()));

        await AssertNothingSeenByAnotherOrganizationAsync(from, to);
    }

    [Fact]
    public async Task Without_from_and_to_the_range_is_the_last_30_days_ending_today()
    {
        var tenant = await TestHost.NewTenantAsync();
        await CreateAsync(tenant, NewId());

        var figures = await ResponseBody.JsonAsync(await tenant.Http.GetAsync("/api/wizard-analytics"));
        var today = Today;

        Assert.Equal(Date(today.AddDays(-29)), figures.GetProperty("from").GetString());
        Assert.Equal(Date(today), figures.GetProperty("to").GetString());
        Assert.Equal(30, figures.GetProperty("daily").GetArrayLength());
        Assert.Equal(1, figures.GetProperty("funnel").GetProperty("started").GetInt64());
    }

    private static async Task AssertNothingSeenByAnotherOrganizationAsync(DateOnly from, DateOnly to)
    {
        var figures = await ReadAsync(await TestHost.NewTenantAsync(), from, to);
        var funnel = figures.GetProperty("funnel");
        Assert.All(new[] { "started", "published", "abandoned", "expired" }, name => Assert.Equal(0, funnel.GetProperty(name).GetInt64()));
        Assert.All(funnel.GetProperty("reached").EnumerateObject(), stage => Assert.Equal(0, stage.Value.GetInt64()));
        Assert.Equal(JsonValueKind.Null, figures.GetProperty("timeToPublish").GetProperty("p50Seconds").ValueKind);
        Assert.Equal(0, figures.GetProperty("csat").GetProperty("count").GetInt64());
        Assert.Equal(JsonValueKind.Null, figures.GetProperty("csat").GetProperty("mean").ValueKind);
        Assert.Empty(figures.GetProperty("csat").GetProperty("byStage").EnumerateObject());
        Assert.Empty(figures.GetProperty("ai").GetProperty("byModel").EnumerateObject());
        Assert.Empty(figures.GetProperty("publishFailures").EnumerateObject());
        Assert.All(figures.GetProperty("daily").EnumerateArray(), day => Assert.Equal(0, day.GetProperty("started").GetInt64()));
    }

    private static void AssertGroups(IEnumerable<IGrouping<string, Rating>> groups, JsonElement reported)
    {
        var expected = groups.ToList();
        Assert.Equal(expected.Select(g => g.Key).Order(StringComparer.Ordinal), reported.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var group in expected)
        {
            AssertRatings([.. group], reported.GetProperty(group.Key));
        }
    }

    private static void AssertRatings(IReadOnlyList<Rating> ratings, JsonElement reported)
    {
        Assert.Equal(ratings.Count, reported.GetProperty("count").GetInt64());
        Assert.Equal(Math.Round(ratings.Average(r => r.Score), 2), reported.GetProperty("mean").GetDouble(), 5);
    }

    private static int Rank(string stage) => Array.IndexOf(Stages, stage) + 1;

    /// <summary>Makes an open session's expiry pass, as time would (the API cannot).</summary>
    private static async Task LapseAsync(Guid organizationId, string sessionId) =>
        Assert.Equal(1, await CleanupRows.CountAsync(await TestDatabase.OwnerAsync(), """
            with lapsed as (
                update wizard_sessions set expires_at = now() - interval '1 minute'
                where organization_id = @organizationId and session_id = @sessionId
                returning 1
            )
            select count(*) from lapsed
            """, new { organizationId, sessionId }));
}
