using System.Text.RegularExpressions;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Data;

/// <summary>The schema's triggers, driven the way production drives them: the runtime role with the tenant set.</summary>
public sealed partial class TriggerTests
{
    [Theory]
    [InlineData("wizard_sessions")]
    [InlineData("events")]
    [InlineData("wizard_actions")]
    [InlineData("stripe_accounts")]
    public async Task Updated_at_moves_to_the_time_of_the_update(string table)
    {
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(caller.OrganizationId);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        var row = await db.QuerySingleOrDefaultAsync<(DateTime CreatedAt, DateTime UpdatedAt, DateTime Now)>(caller,
            TenantRows.UpdateSql(table) + " returning created_at, updated_at, now()", new { org = caller.OrganizationId }, default);

        Assert.Equal(row.Now, row.UpdatedAt);
        Assert.True(row.UpdatedAt - row.CreatedAt >= TenantRows.Age - TimeSpan.FromMinutes(1),
            $"updated_at {row.UpdatedAt:O} did not move on from created_at {row.CreatedAt:O}");
    }

    [Fact]
    public async Task Updated_at_set_by_the_client_is_overwritten_with_the_time_of_the_update()
    {
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(caller.OrganizationId);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        var row = await db.QuerySingleOrDefaultAsync<(DateTime UpdatedAt, DateTime Now)>(caller,
            "update wizard_sessions set updated_at = timestamptz '2000-01-01Z' where organization_id = @org returning updated_at, now()",
            new { org = caller.OrganizationId }, default);

        Assert.Equal(row.Now, row.UpdatedAt);
    }

    [Theory]
    [InlineData("current_stage = 'eventSetup'", "system eventSetup Stage changed: organizerSetup -> eventSetup")]
    [InlineData("current_stage = 'organizerSetup'", null)]
    [InlineData("event_data = '{\"title\": \"Show\"}'", null)]
    [InlineData("current_stage = 'reviewPublish', status = 'completed', is_active = false", null)]
    [InlineData("status = 'abandoned', is_active = false", null)]
    public async Task A_change_of_an_open_sessions_stage_is_recorded_in_its_transcript_whichever_statement_makes_it(
        string assignments, string? recorded)
    {
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await TenantRows.InsertAllAsync(caller.OrganizationId);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        var texts = await db.QueryMultipleAsync(caller, $"""
            update wizard_sessions set {assignments} where organization_id = @org;
            select role || ' ' || coalesce(stage, '-') || ' ' || text from wizard_interactions
            where organization_id = @org and role = 'system' order by seq;
            """, new { org = caller.OrganizationId }, async results => await results.ReadAsync<string>(), default);

        Assert.Equal(recorded is null ? [] : [recorded], texts);
    }

    [Theory]
    [InlineData("Café Noël", "cafe-noel")]
    [InlineData("ÅNGSTRÖM & Co.", "angstrom-co")]
    [InlineData("Fête—Mode_Show", "fete-mode-show")]
    [InlineData("Straße", "strasse")]
    [InlineData("--Hello, World!!", "hello-world")]
    [InlineData("  Summer   Pop-Up 2026  ", "summer-pop-up-2026")]
    [InlineData("🎉🎊✨", "event")]
    [InlineData("!!!", "event")]
    [InlineData("日本のイベント", "event")]
    public async Task Slug_is_the_title_in_lower_case_ascii_with_dashes_and_a_random_suffix(string title, string expectedBase)
    {
        var slug = await InsertEventAsync(new Caller(Guid.NewGuid(), Guid.NewGuid()), title);

        Assert.Matches(SlugPattern(), slug);
        Assert.StartsWith(expectedBase + "-", slug, StringComparison.Ordinal);
        Assert.Matches(SuffixPattern(), slug[(expectedBase.Length + 1)..]);
    }

    [Theory]
    [InlineData(239)]
    [InlineData(240)]
    [InlineData(241)]
    public async Task Slug_of_a_title_cut_at_a_word_boundary_has_no_double_dash(int wordLength)
    {
        var title = new string('a', wordLength) + " " + new string('b', 254 - wordLength);

        var slug = await InsertEventAsync(new Caller(Guid.NewGuid(), Guid.NewGuid()), title);

        Assert.Matches(SlugPattern(), slug);
        Assert.True(slug.Length <= 249, $"slug is {slug.Length} characters long");
    }

    [Fact]
    public async Task Slug_of_the_longest_accented_title_fits_its_column()
    {
        var slug = await InsertEventAsync(new Caller(Guid.NewGuid(), Guid.NewGuid()), new string('ß', 255));

        Assert.Matches(SlugPattern(), slug);
        Assert.StartsWith("ssss", slug, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_events_with_the_same_title_in_one_organization_get_different_slugs()
    {
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());

        var first = await InsertEventAsync(caller, "Same Title");
        var second = await InsertEventAsync(caller, "Same Title");

        Assert.NotEqual(first, second);
        Assert.StartsWith("same-title-", first, StringComparison.Ordinal);
        Assert.StartsWith("same-title-", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_events_with_the_same_title_in_two_organizations_get_different_slugs()
    {
        var first = await InsertEventAsync(new Caller(Guid.NewGuid(), Guid.NewGuid()), "Shared Title Across Orgs");
        var second = await InsertEventAsync(new Caller(Guid.NewGuid(), Guid.NewGuid()), "Shared Title Across Orgs");

        Assert.NotEqual(first, second);
        Assert.Matches(SlugPattern(), first);
        Assert.Matches(SlugPattern(), second);
    }

    /// <summary>Inserts an event as the runtime role with the tenant set, as publishing does; returns its slug.</summary>
    private static async Task<string> InsertEventAsync(Caller caller, string title)
    {
        const string sql = """
            insert into events (organization_id, user_id, source_session_id, title, type, event_date, start_time)
            values (@org, @user, @source, @title, 'launch', date '2030-06-01', time '19:30')
            returning slug
            """;
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        var slug = await db.QuerySingleOrDefaultAsync<string>(caller, sql,
            new { org = caller.OrganizationId, user = caller.UserId, source = "src-" + Guid.NewGuid().ToString("N"), title }, default);
        return Assert.IsType<string>(slug);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[0-9a-f]{8}$")]
    private static partial Regex SuffixPattern();
}
