using System.Net;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Publish;

public sealed class PublishCrashTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failure_after_the_event_insert_leaves_nothing_half_done_and_the_retry_with_the_same_key_publishes(bool atCommit)
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);
        HttpResponseMessage crashed;
        await using (await FailingSessionCloseAsync(tenant.OrganizationId, sessionId, atCommit))
        {
            crashed = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "crash-then-retry");
        }

        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        var problem = await crashed.Content.ReadAsStringAsync();
        Assert.DoesNotContain("injected", problem, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await SessionRows.EventIdsAsync(tenant.OrganizationId));
        var session = await SessionRows.ReadAsync(tenant, sessionId);
        Assert.Equal("in_progress", session.Status);
        Assert.Null(session.EventId);
        var afterCrash = await SessionRows.ActionsAsync(tenant, sessionId);
        Assert.DoesNotContain(afterCrash, a => a.Status is "in_progress" or "completed");

        var retried = await SessionRows.PublishAsync(tenant.Http, new { sessionId }, headerKey: "crash-then-retry");

        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var eventId = (await ResponseBody.JsonAsync(retried)).GetProperty("id").GetGuid();
        Assert.Equal([eventId], await SessionRows.EventIdsAsync(tenant.OrganizationId));
        Assert.Equal("completed", (await SessionRows.ReadAsync(tenant, sessionId)).Status);
        Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId), a => a.Status == "completed");
    }

    /// <summary>
    /// A trigger (created by the owner for this one session, dropped on dispose) that raises when the session
    /// becomes completed: while the publish statement runs (the event is inserted and the action completed in it),
    /// or, deferred, at COMMIT, after every statement of the publish transaction has succeeded.
    /// </summary>
    private static Task<TestTrigger> FailingSessionCloseAsync(Guid organizationId, string sessionId, bool atCommit) =>
        TestTrigger.RaisingAsync("wizard_sessions", atCommit ? "after update" : "before update",
            $"new.organization_id = '{organizationId}' and new.session_id = '{sessionId}' and new.status = 'completed'",
            "injected failure while closing the session", atCommit);
}
