using EventWizard.Shared.Data;
using EventWizard.Tests.Infrastructure;
using Npgsql;

namespace EventWizard.Tests.Data;

/// <summary>
/// <see cref="TenantTransaction.QuerySingleAndCommitAsync{T}"/>: the statement and COMMIT in one round trip. What it
/// writes is committed when it returns; when the statement or the COMMIT fails, nothing is.
/// </summary>
public sealed class TenantTransactionCommitTests
{
    private const string InsertAccountSql = """
        insert into stripe_accounts (organization_id, account_id) values (@org, @account) returning account_id
        """;

    [Fact]
    public async Task The_row_is_committed_before_the_transaction_is_disposed()
    {
        var org = Guid.NewGuid();
        var account = NewAccountId();
        var db = new TenantDb(await TestDatabase.RuntimeAsync());

        await using (var tx = await db.BeginAsync(new Caller(org, Guid.NewGuid()), default))
        {
            var returned = await tx.QuerySingleAndCommitAsync<string>(InsertAccountSql, new { org, account }, default);

            Assert.Equal(account, returned);
            Assert.Equal(1, await TenantRows.CountAsOwnerAsync("stripe_accounts", org));
        }
        Assert.Equal(1, await TenantRows.CountAsOwnerAsync("stripe_accounts", org));
    }

    [Fact]
    public async Task A_failing_statement_commits_nothing_and_leaves_the_pooled_connection_usable()
    {
        var org = Guid.NewGuid();
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        const string insertThenFail = """
            with inserted as (insert into stripe_accounts (organization_id, account_id) values (@org, @account) returning 1)
            select 1 / (select count(*) - 1 from inserted)
            """;

        await using (var tx = await db.BeginAsync(new Caller(org, Guid.NewGuid()), default))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() =>
                tx.QuerySingleAndCommitAsync<int>(insertThenFail, new { org, account = NewAccountId() }, default));
            Assert.Equal(PostgresErrorCodes.DivisionByZero, error.SqlState);
        }

        Assert.Equal(0, await TenantRows.CountAsOwnerAsync("stripe_accounts", org));
        await using var next = await db.BeginAsync(new Caller(org, Guid.NewGuid()), default);
        Assert.Equal(org, await next.QuerySingleAsync<Guid>("select app_current_org()", null, default));
    }

    [Fact]
    public async Task A_failing_COMMIT_throws_and_commits_nothing()
    {
        var org = Guid.NewGuid();
        var db = new TenantDb(await TestDatabase.RuntimeAsync());
        await using var failing = await FailingAtCommitAsync(org);

        await using (var tx = await db.BeginAsync(new Caller(org, Guid.NewGuid()), default))
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() =>
                tx.QuerySingleAndCommitAsync<string>(InsertAccountSql, new { org, account = NewAccountId() }, default));
            Assert.Contains("injected failure at commit", error.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal(0, await TenantRows.CountAsOwnerAsync("stripe_accounts", org));
    }

    private static string NewAccountId() => "acct_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A deferred constraint trigger, for this organization's rows only, that raises at COMMIT.</summary>
    private static Task<TestTrigger> FailingAtCommitAsync(Guid org) =>
        TestTrigger.RaisingAsync("stripe_accounts", "after insert", $"new.organization_id = '{org}'", "injected failure at commit", atCommit: true);
}
