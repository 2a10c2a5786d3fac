using System.Globalization;
using System.Net;
using Dapper;
using EventWizard.Shared.Stages;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Data;

/// <summary>
/// sql/011: new events, actions and interactions get time-ordered ids (UUIDv7), so inserts land at the right-hand edge
/// of the id indexes instead of on a random page.
/// </summary>
public sealed class TimeOrderedIdsTests
{
    [Fact]
    public async Task An_id_is_a_version_7_uuid_carrying_the_millisecond_it_was_made()
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();

        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var ids = (await conn.QueryAsync<Guid>("select uuid_time_ordered() from generate_series(1, 200)")).ToList();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.All(ids, id =>
        {
            Assert.Equal(7, id.Version);
            Assert.Contains(id.ToString()[19], "89ab"); // the RFC 9562 variant, 10xx
            Assert.InRange(UnixMilliseconds(id), before - 1000, after + 1000);
        });
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Ids_made_in_later_milliseconds_sort_after_earlier_ones()
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();

        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await conn.ExecuteScalarAsync<Guid>("select uuid_time_ordered()"));
            await Task.Delay(3);
        }

        // PostgreSQL compares uuids bytewise, as their text sorts.
        Assert.Equal(ids.Select(id => id.ToString()).Order(StringComparer.Ordinal), ids.Select(id => id.ToString()));
    }

    [Theory]
    [InlineData("events")]
    [InlineData("wizard_actions")]
    [InlineData("wizard_interactions")]
    public async Task New_events_actions_and_interactions_get_time_ordered_ids(string table)
    {
        var org = Guid.NewGuid();
        await TenantRows.InsertAllAsync(org);
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();

        var id = await conn.ExecuteScalarAsync<Guid>($"select id from {table} where organization_id = @org", new { org });

        Assert.Equal(7, id.Version);
    }

    [Fact]
    public async Task A_publish_over_http_records_its_action_and_its_event_under_time_ordered_ids()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant, new StagePayloads().Paid("acct_1Ordered"));

        var response = await SessionRows.PublishAsync(tenant.Http, new { sessionId });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var eventId = (await ResponseBody.JsonAsync(response)).GetProperty("id").GetGuid();
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();
        var actionId = await conn.ExecuteScalarAsync<Guid>(
            "select id from wizard_actions where organization_id = @org and session_id = @sessionId",
            new { org = tenant.OrganizationId, sessionId });
        Assert.Equal(7, eventId.Version);
        Assert.Equal(7, actionId.Version); // ActionStore's claim, which may be given an id, makes one when it is not
    }

    private static long UnixMilliseconds(Guid id) =>
        long.Parse(id.ToString("N")[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
