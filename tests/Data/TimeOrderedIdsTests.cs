using System.Globalization;
using Dapper;
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

    private static long UnixMilliseconds(Guid id) =>
        long.Parse(id.ToString("N")[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
