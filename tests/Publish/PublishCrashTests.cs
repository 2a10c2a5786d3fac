using System.Net;
using Dapper;
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
        var eventId = (await SessionRows.JsonAsync(retried)).GetProperty("id").GetGuid();
        Assert.Equal([eventId], await SessionRows.EventIdsAsync(tenant.OrganizationId));
        Assert.Equal("completed", (await SessionRows.ReadAsync(tenant, sessionId)).Status);
        Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId), a => a.Status == "completed");
    }

    /// <summary>
    /// A trigger (created by the owner for this one session, dropped on dispose) that raises when the session
    /// becomes completed: while the publish statement runs (the event is inserted and the action completed in it),
    /// or, deferred, at COMMIT, after every statement of the publish transaction has succeeded.
    /// </summary>
    private static async Task<IAsyncDisposable> FailingSessionCloseAsync(Guid organizationId, string sessionId, bool atCommit)
    {
        var name = "test_fail_close_" + Guid.NewGuid().ToString("N")[..12];
        var trigger = atCommit
            ? $"create constraint trigger {name} after update on wizard_sessions deferrable initially deferred for each row"
            : $"create trigger {name} before update on wizard_sessions for each row";
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync($"""
            create function {name}() returns trigger language plpgsql as $$
            begin
                raise exception 'injected failure while closing the session';
            end
            $$;
            {trigger}
                when (new.organization_id = '{organizationId}' and new.session_id = '{sessionId}' and new.status = 'completed')
                execute function {name}();
            """);
        return new DropTrigger(name);
    }

    private sealed class DropTrigger(string name) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
            await conn.ExecuteAsync($"drop trigger {name} on wizard_sessions; drop function {name}();");
        }
    }
}
