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
        var blocked = await LockWaits.BlockedByAsync(holderPid);
        var killed = blocked is { } pid && await TerminateAsync(cluster.SuperuserConnectionString(), pid);
        await hold.RollbackAsync();
        var response = await publishing;

        Assert.True(killed, "No publish backend was found waiting on the held session row.");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var eventId = (await ResponseBody.JsonAsync(response)).GetProperty("id").GetGuid();
        Assert.Equal([eventId], await SessionRows.EventIdsAsync(tenant.OrganizationId, sessionId));
        var action = Assert.Single(await SessionRows.ActionsAsync(tenant, sessionId));
        Assert.Equal("completed", action.Status);

        var replay = await SessionRows.PublishAsync(tenant.Http, new { sessionId, idempotencyKey = "killed-backend-0001" });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(eventId, (await ResponseBody.JsonAsync(replay)).GetProperty("id").GetGuid());
    }

    /// <summary>Ends the backend as the superuser: only it may end a backend of the runtime role.</summary>
    private static async Task<bool> TerminateAsync(string superuser, int pid)
    {
        await using var conn = new NpgsqlConnection(superuser);
        await conn.OpenAsync();
        return await conn.ExecuteScalarAsync<bool>("select pg_terminate_backend(@pid)", new { pid });
    }
}
