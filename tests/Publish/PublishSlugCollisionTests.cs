using System.Net;
using Dapper;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Publish;

/// <summary>
/// Publish names its slug itself (event_slug(), sql/001); a collision is the unique constraint's to catch.
/// The publisher then runs its whole transaction again, and the client sees one 201.
/// </summary>
public sealed class PublishSlugCollisionTests
{
    [Fact]
    public async Task A_slug_taken_by_another_organization_is_retried_with_a_new_one()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);
        var takenSlug = "autumn-runway-" + Guid.NewGuid().ToString("N")[..8];
        await InsertEventOfAnotherOrganizationAsync(takenSlug);

        HttpResponseMessage response;
        await using (await FirstInsertTakesSlugAsync(tenant.OrganizationId, takenSlug))
        {
            response = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "slug-collision-01");
        }

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var evt = await ResponseBody.JsonAsync(response);
        var slug = evt.GetProperty("slug").GetString();
        Assert.NotEqual(takenSlug, slug);
        Assert.StartsWith("autumn-runway-", slug, StringComparison.Ordinal);
        Assert.Equal([evt.GetProperty("id").GetGuid()], await SessionRows.EventIdsAsync(tenant.OrganizationId));
        Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId), a => a.Status == "completed");
    }

    private static async Task InsertEventOfAnotherOrganizationAsync(string slug)
    {
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync("""
            insert into events (organization_id, user_id, source_session_id, title, slug, type, event_date, start_time)
            values (gen_random_uuid(), gen_random_uuid(), 'other-session', 'Autumn Runway', @slug, 'popup', date '2030-01-01', time '18:00')
            """, new { slug });
    }

    /// <summary>
    /// A trigger that gives the organization's first event insert <paramref name="slug"/>, as if event_slug() had
    /// drawn it. The sequence is not rolled back with the failed attempt, so the retry keeps its own slug.
    /// </summary>
    private static Task<TestTrigger> FirstInsertTakesSlugAsync(Guid organizationId, string slug) =>
        TestTrigger.CreateAsync("events", name => $"""
            create sequence {name};
            create function {name}() returns trigger language plpgsql security definer as $$
            begin
                if nextval('{name}') = 1 then
                    new.slug := '{slug}';
                end if;
                return new;
            end
            $$;
            create trigger {name} before insert on events for each row
                when (new.organization_id = '{organizationId}') execute function {name}();
            """);
}
