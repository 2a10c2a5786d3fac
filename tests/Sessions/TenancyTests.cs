using System.Net;
using EventWizard.Tests.Infrastructure;
using static EventWizard.Tests.Infrastructure.ResponseBody;
using static EventWizard.Tests.Sessions.SessionApi;

namespace EventWizard.Tests.Sessions;

/// <summary>Another organization's session id behaves exactly like an unknown id, on every route.</summary>
public sealed class TenancyTests
{
    private static async Task<(int Status, string Body, string Headers)> SeenAsync(HttpResponseMessage response)
    {
        var headers = string.Join(";", response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not "Date")
            .OrderBy(h => h.Key, StringComparer.Ordinal)
            .Select(h => $"{h.Key}={string.Join(",", h.Value)}"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), headers);
    }

    public static TheoryData<string> Routes() => new()
    {
        "GET /api/wizard-session/{id}",
        "PATCH /api/wizard-session/{id}",
        "PATCH /api/wizard-session",
        "DELETE /api/wizard-session/{id}",
        "POST /api/wizard-session/{id}/interactions",
        "GET /api/wizard-session/{id}/interactions",
    };

    private static HttpRequestMessage Request(string route, string id)
    {
        var parts = route.Split(' ');
        var request = new HttpRequestMessage(new HttpMethod(parts[0]), parts[1].Replace("{id}", id, StringComparison.Ordinal));
        if (parts[0] == "PATCH")
        {
            request.Content = Json(parts[1].Contains("{id}", StringComparison.Ordinal)
                ? new { stage = "organizer", data = new StagePayloads().Organizer }
                : (object)new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
        }
        else if (parts[0] == "POST")
        {
            request.Content = Json(new { role = "user", text = "hello" });
        }
        return request;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_organizations_session_looks_exactly_like_an_unknown_one(string route)
    {
        var owner = await TestHost.NewTenantAsync();
        var intruder = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(owner, id);
        await PatchOkAsync(owner, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
        var before = await StoredAsync(owner.OrganizationId, id);
        var interactionsBefore = await InteractionCountAsync(owner.OrganizationId, id);
        // The same request id on both, so the problem bodies' traceId cannot tell them apart either.
        intruder.Http.DefaultRequestHeaders.Add("X-Request-Id", "tenancy-probe");

        var foreign = await SeenAsync(await intruder.Http.SendAsync(Request(route, id)));
        var unknown = await SeenAsync(await intruder.Http.SendAsync(Request(route, NewId())));

        Assert.Equal(404, foreign.Status);
        Assert.Equal(unknown, foreign);
        Assert.Equal(before, await StoredAsync(owner.OrganizationId, id));
        Assert.Equal(interactionsBefore, await InteractionCountAsync(owner.OrganizationId, id));
    }

    [Fact]
    public async Task Another_organizations_sessions_are_not_listed()
    {
        var owner = await TestHost.NewTenantAsync();
        var intruder = await TestHost.NewTenantAsync();
        await CreateAsync(owner, NewId());

        foreach (var status in new[] { "in_progress", "expired", "abandoned", "completed" })
        {
            var list = await JsonAsync(await intruder.Http.GetAsync($"/api/wizard-session?status={status}"));
            Assert.Empty(list.GetProperty("items").EnumerateArray());
        }
    }

    [Fact]
    public async Task Creating_with_another_organizations_id_makes_an_own_session_and_leaves_theirs_alone()
    {
        var owner = await TestHost.NewTenantAsync();
        var other = await TestHost.NewTenantAsync();
        var id = NewId();
        await CreateAsync(owner, id);
        await PatchOkAsync(owner, new { sessionId = id, stage = "organizer", data = new StagePayloads().Organizer });
        var before = await StoredAsync(owner.OrganizationId, id);

        var response = await other.Http.PostAsync("/api/wizard-session", Json(new { sessionId = id }));
        await PatchOkAsync(other, new { sessionId = id, stage = "organizer", data = new { name = "Other org" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        Assert.Equal(other.OrganizationId, created.GetProperty("organization_id").GetGuid());
        Assert.Equal("{}", created.GetProperty("organizer_data").GetRawText());
        Assert.Equal(before, await StoredAsync(owner.OrganizationId, id));
        Assert.Contains("Other org", await StoredAsync(other.OrganizationId, id));
    }
}
