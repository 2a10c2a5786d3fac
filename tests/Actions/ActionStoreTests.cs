using System.Text.Json;
using EventWizard.Shared.Actions;
using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Actions;

/// <summary>The claim/complete/fail pieces on their own, as an action with an outside call (connectStripe) uses them.</summary>
public sealed class ActionStoreTests
{
    [Fact]
    public async Task A_second_claim_of_the_same_key_waits_for_the_first_and_then_sees_its_result()
    {
        var (store, db, caller, sessionId) = await ArrangeAsync();
        var request = Request(sessionId, "wait-for-me");
        await using var first = await db.BeginAsync(caller, CancellationToken.None);
        var claim = await store.ClaimAsync(first, caller, request, CancellationToken.None);
        Assert.Equal(ActionClaimStatus.Claimed, claim.Status);

        var second = Task.Run(async () =>
        {
            await using var tx = await db.BeginAsync(caller, CancellationToken.None);
            return await store.ClaimAsync(tx, caller, request, CancellationToken.None);
        });
        Assert.True(await LockWaits.BlockedByAsync(first.ProcessId) is not null, "The second claim never waited on the first.");
        Assert.False(second.IsCompleted);
        await store.CompleteAsync(first, claim, JsonSerializer.SerializeToElement(new { done = 42 }), 5, CancellationToken.None);
        await first.CommitAsync(CancellationToken.None);

        var replay = await second;
        Assert.Equal(ActionClaimStatus.Completed, replay.Status);
        Assert.Equal(claim.ActionId, replay.ActionId);
        Assert.Equal(42, replay.Result!.Value.GetProperty("done").GetInt32());
    }

    [Fact]
    public async Task A_committed_claim_is_in_progress_for_others_until_it_fails_and_then_the_key_is_free()
    {
        var (store, db, caller, sessionId) = await ArrangeAsync();
        var request = Request(sessionId, "outside-call");
        ActionClaim claim;
        await using (var tx = await db.BeginAsync(caller, CancellationToken.None))
        {
            claim = await store.ClaimAsync(tx, caller, request, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }

        var whileRunning = await ClaimInOwnTransactionAsync(store, db, caller, request);
        await using (var tx = await db.BeginAsync(caller, CancellationToken.None))
        {
            await store.FailAsync(tx, claim, "stripe_error: card_declined", 12, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        var afterFailure = await ClaimInOwnTransactionAsync(store, db, caller, request);

        Assert.Equal(ActionClaimStatus.Claimed, claim.Status);
        Assert.Equal(ActionClaimStatus.InProgress, whileRunning.Status);
        Assert.Equal(ActionClaimStatus.Claimed, afterFailure.Status);
        Assert.NotEqual(claim.ActionId, afterFailure.ActionId);
    }

    [Fact]
    public async Task A_recorded_failure_does_not_hold_the_key_and_another_fingerprint_is_refused()
    {
        var (store, db, caller, sessionId) = await ArrangeAsync();
        var request = Request(sessionId, "recorded-then-claimed");
        Assert.True(await store.RecordFailureAsync(caller, request, "validation", null, 1, CancellationToken.None));

        ActionClaim claim;
        await using (var tx = await db.BeginAsync(caller, CancellationToken.None))
        {
            claim = await store.ClaimAsync(tx, caller, request, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
        }
        var reused = await ClaimInOwnTransactionAsync(store, db, caller, request with { Fingerprint = RequestFingerprint.Of("test", "other") });

        Assert.Equal(ActionClaimStatus.Claimed, claim.Status);
        Assert.Equal(ActionClaimStatus.KeyReused, reused.Status);
    }

    [Fact]
    public async Task A_claim_with_a_chosen_id_that_is_repeated_after_its_commit_finds_itself_and_others_do_not()
    {
        var (store, db, caller, sessionId) = await ArrangeAsync();
        var request = Request(sessionId, "chosen-id") with { ActionId = Guid.NewGuid() };
        var claim = await ClaimInOwnTransactionAsync(store, db, caller, request);

        await using var tx = await db.BeginAsync(caller, CancellationToken.None);
        var repeated = await store.FindAsync(tx, caller, request, CancellationToken.None);
        var other = await store.FindAsync(tx, caller, request with { ActionId = Guid.NewGuid() }, CancellationToken.None);
        var unused = await store.FindAsync(tx, caller, Request(sessionId, "never-claimed"), CancellationToken.None);

        Assert.Equal((ActionClaimStatus.Claimed, request.ActionId), (claim.Status, claim.ActionId));
        Assert.Equal((ActionClaimStatus.Claimed, request.ActionId), (repeated!.Status, repeated.ActionId));
        Assert.Equal((ActionClaimStatus.InProgress, request.ActionId), (other!.Status, other.ActionId));
        Assert.Null(unused);
    }

    [Fact]
    public async Task Claims_for_an_unknown_session_find_no_session_and_write_nothing()
    {
        var (store, db, caller, _) = await ArrangeAsync();
        var request = Request(SessionRows.NewSessionId(), "nobody-home");

        var claim = await ClaimInOwnTransactionAsync(store, db, caller, request);

        Assert.Equal(ActionClaimStatus.SessionNotFound, claim.Status);
        Assert.False(await store.RecordFailureAsync(caller, request, "x", null, 1, CancellationToken.None));
    }

    [Fact]
    public void Fingerprints_differ_by_name_and_parts_and_keys_are_checked()
    {
        Assert.Equal(RequestFingerprint.Of("a", "b"), RequestFingerprint.Of("a", "b"));
        Assert.NotEqual(RequestFingerprint.Of("a", "bc"), RequestFingerprint.Of("ab", "c"));
        Assert.NotEqual(RequestFingerprint.Of("a", "b", "c"), RequestFingerprint.Of("a", "b\nc"));
        Assert.Equal(64, RequestFingerprint.Of("publishEvent", "x").Length);
        Assert.Null(IdempotencyKey.Check("key", "12345678"));
        Assert.Null(IdempotencyKey.Check("key", new string('~', 255)));
        Assert.Equal("too_short", IdempotencyKey.Check("key", "1234567")?.Code);
        Assert.Equal("invalid_format", IdempotencyKey.Check("key", "1234567\u007f")?.Code);
    }

    private static async Task<ActionClaim> ClaimInOwnTransactionAsync(ActionStore store, TenantDb db, Caller caller, ActionRequest request)
    {
        await using var tx = await db.BeginAsync(caller, CancellationToken.None);
        var claim = await store.ClaimAsync(tx, caller, request, CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
        return claim;
    }

    private static ActionRequest Request(string sessionId, string key) =>
        new(ActionNames.ConnectStripe, sessionId, new IdempotencyKey(key, FromClient: true), RequestFingerprint.Of(ActionNames.ConnectStripe, sessionId),
            JsonSerializer.SerializeToElement(new { sessionId }));

    private static async Task<(ActionStore Store, TenantDb Db, Caller Caller, string SessionId)> ArrangeAsync()
    {
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());
        var sessionId = await SessionRows.InsertAsync(caller.OrganizationId, caller.UserId);
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        return (new ActionStore(db), db, caller, sessionId);
    }
}
