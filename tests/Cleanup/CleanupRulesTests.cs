using EventWizard.Shared.Cleanup;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static EventWizard.Tests.Cleanup.CleanupRows;

namespace EventWizard.Tests.Cleanup;

/// <summary>
/// Each rule at its boundary, on the shared test database. Rows are placed relative to a clock set an
/// hour back: the run's cut-off is exactly that time (the server's now() has passed it), so a row one
/// second either side of a boundary is decided the same way however slowly the test runs. Runs clean
/// every tenant, so the counts are at least this test's rows; the rows of this test's organizations are
/// checked one by one.
/// </summary>
[Collection(CleanupCollection.Name)]
public sealed class CleanupRulesTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly CleanupOptions Settings = new();

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow.AddHours(-1));
    private readonly Guid org = Guid.NewGuid();

    private DateTimeOffset Now => clock.GetUtcNow();

    [Fact]
    public async Task A_session_one_second_past_expires_at_is_expired_and_one_a_second_short_is_left_in_progress()
    {
        var owner = await TestDatabase.OwnerAsync();
        await SessionAsync(owner, org, "past-expiry", "in_progress", Now.AddDays(-7), expiresAt: Now - Second);
        await SessionAsync(owner, org, "short-of-expiry", "in_progress", Now.AddDays(-7), expiresAt: Now + Second);

        var report = await RunAsync();

        Assert.Equal(new SessionState("expired", false), await SessionStateAsync(owner, org, "past-expiry"));
        Assert.Equal(new SessionState("in_progress", true), await SessionStateAsync(owner, org, "short-of-expiry"));
        Assert.True(report.SessionsExpired >= 1);
    }

    [Fact]
    public async Task Interaction_text_is_redacted_one_second_past_the_retention_or_its_own_expiry_and_not_a_second_before()
    {
        var owner = await TestDatabase.OwnerAsync();
        await SessionAsync(owner, org, "transcript", "in_progress", Now, expiresAt: Now.AddDays(7));
        var retention = Settings.InteractionRetention;
        var pastRetention = await InteractionAsync(owner, org, "transcript", Now - retention - Second, expiresAt: Now.AddDays(1));
        var shortOfRetention = await InteractionAsync(owner, org, "transcript", Now - retention + Second, expiresAt: Now.AddDays(1));
        var pastExpiry = await InteractionAsync(owner, org, "transcript", Now.AddDays(-1), expiresAt: Now - Second);
        var shortOfExpiry = await InteractionAsync(owner, org, "transcript", Now.AddDays(-1), expiresAt: Now + Second);

        var report = await RunAsync();

        foreach (var redacted in new[] { pastRetention, pastExpiry })
        {
            var state = await InteractionStateAsync(owner, redacted);
            Assert.Equal("[REDACTED]", state?.Text);
            Assert.NotNull(state?.RedactedAt);
        }
        foreach (var kept in new[] { shortOfRetention, shortOfExpiry })
        {
            Assert.Equal(new InteractionState("Plan a popup in Brooklyn", null), await InteractionStateAsync(owner, kept));
        }
        Assert.True(report.InteractionsRedacted >= 2);
    }

    [Fact]
    public async Task Sessions_closed_one_second_past_the_deletion_period_go_with_their_children_and_those_a_second_short_stay()
    {
        var owner = await TestDatabase.OwnerAsync();
        var deletion = Settings.ClosedSessionRetention;
        await SessionAsync(owner, org, "old-expired", "expired", Now - deletion - Second);
        var oldChildren = new[]
        {
            await InteractionAsync(owner, org, "old-expired", Now - deletion - Second, expiresAt: Now.AddDays(1)),
            await InteractionAsync(owner, org, "old-expired", Now - deletion - Second, expiresAt: Now.AddDays(1)),
        };
        var oldAction = await ActionAsync(owner, org, "old-expired", "failed", Now - deletion - Second);
        await SessionAsync(owner, org, "old-abandoned", "abandoned", Now - deletion - Second);
        await SessionAsync(owner, org, "recent-expired", "expired", Now - deletion + Second);
        var recentChild = await InteractionAsync(owner, org, "recent-expired", Now - deletion + Second, expiresAt: Now.AddDays(1));
        var recentAction = await ActionAsync(owner, org, "recent-expired", "failed", Now - deletion + Second);
        await SessionAsync(owner, org, "recent-abandoned", "abandoned", Now - deletion + Second);

        var report = await RunAsync();

        Assert.Null(await SessionStateAsync(owner, org, "old-expired"));
        Assert.Null(await SessionStateAsync(owner, org, "old-abandoned"));
        foreach (var id in oldChildren)
        {
            Assert.Null(await InteractionStateAsync(owner, id));
        }
        Assert.Null(await ActionStateAsync(owner, oldAction));
        Assert.Equal(new SessionState("expired", false), await SessionStateAsync(owner, org, "recent-expired"));
        Assert.Equal(new SessionState("abandoned", false), await SessionStateAsync(owner, org, "recent-abandoned"));
        Assert.NotNull(await InteractionStateAsync(owner, recentChild));
        Assert.NotNull(await ActionStateAsync(owner, recentAction));
        Assert.True(report.SessionsDeleted >= 2);
    }

    [Fact]
    public async Task Completed_sessions_and_their_events_are_never_deleted_however_old()
    {
        var owner = await TestDatabase.OwnerAsync();
        var longAgo = Now.AddDays(-400);
        var eventId = await EventAsync(owner, org, "published-long-ago", longAgo);
        await SessionAsync(owner, org, "published-long-ago", "completed", longAgo, eventId: eventId);
        var transcript = await InteractionAsync(owner, org, "published-long-ago", longAgo);
        var publish = await ActionAsync(owner, org, "published-long-ago", "completed", longAgo);
        // Left in progress 400 days ago: expired by this run, and kept for the full period from now.
        await SessionAsync(owner, org, "forgotten-draft", "in_progress", longAgo, expiresAt: longAgo.AddDays(7));
        var draftTranscript = await InteractionAsync(owner, org, "forgotten-draft", longAgo);

        await RunAsync();

        Assert.Equal(new SessionState("completed", false), await SessionStateAsync(owner, org, "published-long-ago"));
        Assert.Equal(1, await CountAsync(owner, "select count(*) from events where id = @eventId and status = 'published'", new { eventId }));
        Assert.Equal("[REDACTED]", (await InteractionStateAsync(owner, transcript))?.Text);
        Assert.Equal("completed", (await ActionStateAsync(owner, publish))?.Status);
        Assert.Equal(new SessionState("expired", false), await SessionStateAsync(owner, org, "forgotten-draft"));
        Assert.Equal("[REDACTED]", (await InteractionStateAsync(owner, draftTranscript))?.Text);
    }

    [Fact]
    public async Task An_action_in_progress_one_second_past_the_lease_is_released_as_failed_and_one_a_second_short_is_not()
    {
        var owner = await TestDatabase.OwnerAsync();
        await SessionAsync(owner, org, "publishing", "in_progress", Now, expiresAt: Now.AddDays(7));
        var lease = Settings.ActionLease;
        var stuck = await ActionAsync(owner, org, "publishing", "in_progress", Now - lease - Second);
        var running = await ActionAsync(owner, org, "publishing", "in_progress", Now - lease + Second);
        var pending = await ActionAsync(owner, org, "publishing", "pending", Now.AddDays(-1));
        var done = await ActionAsync(owner, org, "publishing", "completed", Now.AddDays(-1));

        var report = await RunAsync();

        var released = await ActionStateAsync(owner, stuck);
        Assert.Equal("failed", released?.Status);
        Assert.StartsWith("Released by cleanup", released?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(new ActionState("in_progress", null), await ActionStateAsync(owner, running));
        Assert.Equal(new ActionState("pending", null), await ActionStateAsync(owner, pending));
        Assert.Equal(new ActionState("completed", null), await ActionStateAsync(owner, done));
        Assert.True(report.ActionsReleased >= 1);
    }

    [Fact]
    public async Task One_run_as_the_runtime_role_cleans_every_tenant_and_leaves_rows_not_yet_due_alone()
    {
        var owner = await TestDatabase.OwnerAsync();
        var secondOrg = Guid.NewGuid();
        var notDueOrg = Guid.NewGuid();
        var due = new List<(Guid Org, Guid Interaction, Guid Action)>();
        foreach (var tenant in new[] { org, secondOrg })
        {
            await SessionAsync(owner, tenant, "due-expiry", "in_progress", Now.AddDays(-8), expiresAt: Now - Second);
            await SessionAsync(owner, tenant, "due-deletion", "abandoned", Now - Settings.ClosedSessionRetention - Second);
            var interaction = await InteractionAsync(owner, tenant, "due-expiry", Now - Settings.InteractionRetention - Second);
            var action = await ActionAsync(owner, tenant, "due-expiry", "in_progress", Now - Settings.ActionLease - Second);
            due.Add((tenant, interaction, action));
        }
        await SessionAsync(owner, notDueOrg, "due-expiry", "in_progress", Now.AddDays(-8), expiresAt: Now + Second);
        await SessionAsync(owner, notDueOrg, "due-deletion", "abandoned", Now - Settings.ClosedSessionRetention + Second);
        var notDueInteraction = await InteractionAsync(owner, notDueOrg, "due-expiry", Now - Settings.InteractionRetention + Second);
        var notDueAction = await ActionAsync(owner, notDueOrg, "due-expiry", "in_progress", Now - Settings.ActionLease + Second);

        var report = await RunAsync();

        foreach (var (tenant, interaction, action) in due)
        {
            Assert.Equal(new SessionState("expired", false), await SessionStateAsync(owner, tenant, "due-expiry"));
            Assert.Null(await SessionStateAsync(owner, tenant, "due-deletion"));
            Assert.Equal("[REDACTED]", (await InteractionStateAsync(owner, interaction))?.Text);
            Assert.Equal("failed", (await ActionStateAsync(owner, action))?.Status);
        }
        Assert.Equal(new SessionState("in_progress", true), await SessionStateAsync(owner, notDueOrg, "due-expiry"));
        Assert.Equal(new SessionState("abandoned", false), await SessionStateAsync(owner, notDueOrg, "due-deletion"));
        Assert.Equal(new InteractionState("Plan a popup in Brooklyn", null), await InteractionStateAsync(owner, notDueInteraction));
        Assert.Equal(new ActionState("in_progress", null), await ActionStateAsync(owner, notDueAction));
        Assert.False(report.Skipped);
        Assert.True(report.Completed);
        Assert.True(report.SessionsExpired >= 2);
        Assert.True(report.SessionsDeleted >= 2);
        Assert.True(report.InteractionsRedacted >= 2);
        Assert.True(report.ActionsReleased >= 2);
    }

    private async Task<CleanupReport> RunAsync() =>
        await Runner(await TestDatabase.RuntimeAsync(), clock, Settings).RunAsync(CancellationToken.None);
}
