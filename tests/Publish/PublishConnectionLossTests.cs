using System.Net;
using Dapper;
using EventWizard.Tests.Infrastructure;
using Npgsql;

namespace EventWizard.Tests.Publish;

/// <summary>The PostgreSQL backend serving a publish dies mid-transaction: the retry publishes once.</summary>
public sealed class PublishConnectionLossTests
{
    [Fact]
    public async Task Publish_whose_backend_is_killed_mid_transaction_still_publishes_exactly_once()
    {
        var tenant = await TestHost.NewTenantAsync();
        var sessionId = await SessionRows.InsertAsync(tenant);
        var cluster = await TestDatabase.ClusterAsync();

        // Hold the session row so the publish transaction stops inside, waiting on our lock.
        await using var holder = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("select 1 from wizard_sessions where organization_id = @OrganizationId and session_id = @sessionId for update",
            new { tenant.OrganizationId, sessionId }, hold);
        var holderPid = holder.ProcessID;

        var publishing = SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "killed-backend-0001" });
        var killed = await TerminateBackendBlockedByAsync(cluster.SuperuserConnectionString(), holderPid);
        await hold.RollbackAsync();
        var response = await publishing;

        Assert.True(killed, "No publish backend was found waiting on the held session row.");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var eventId = (await SessionRows.JsonAsync(response)).GetProperty("id").GetGuid();
        Assert.Equal([eventId], await SessionRows.EventIdsAsync(tenant.OrganizationId, sessionId));
        var action = Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId));
        Assert.Equal("completed", action.Status);

        var replay = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "killed-backend-0001" });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(eventId, (await SessionRows.JsonAsync(replay)).GetProperty("id").GetGuid());
    }

    private static async Task<bool> TerminateBackendBlockedByAsync(string superuser, int holderPid)
    {
        await using var conn = new NpgsqlConnection(superuser);
        await conn.OpenAsync();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var terminated = await conn.ExecuteScalarAsync<bool?>(
                "select pg_terminate_backend(pid) from pg_stat_activity where @holderPid = any(pg_blocking_pids(pid)) limit 1",
                new { holderPid });
            if (terminated == true)
            {
                return true;
            }
            await Task.Delay(50);
        }
        return false;
    }
}
