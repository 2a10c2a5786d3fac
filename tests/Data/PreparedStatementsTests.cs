using System.Text.Json;
using EventWizard.Shared.Data;
using EventWizard.Shared.Sessions;
using EventWizard.Shared.Stages;
using EventWizard.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWizard.Tests.Data;

/// <summary>
/// A statement whose Bind PostgreSQL refuses just as Npgsql prepares it automatically (a number beyond numeric's range
/// cast to jsonb while the statement is planned) must still return its rows, empty or not, on that connection afterwards:
/// Npgsql keeps such a statement without its row description (<see cref="PreparedStatements"/>). Each case runs on a pool
/// of one connection with the apps' settings (<see cref="DataSourceFactory"/>), the refused call placed at each of the
/// statement's first uses, so one of them is the use that prepares it (Npgsql's fifth by default).
/// </summary>
public sealed class PreparedStatementsTests
{
    private const string Unstorable = """{"n": 1e1000000}""";
    private const string EchoSql = "select coalesce(@Data::jsonb, '{}')::text from (values (1)) v where @WithRow";

    public static TheoryData<int> RefusedUses() => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(RefusedUses))]
    public async Task A_statement_refused_while_being_prepared_returns_its_rows_afterwards(int refusedUse)
    {
        await using var dataSource = await PoolOfOneAsync();
        var db = new TenantDb(dataSource);
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await AssertRowsReturnedAfterRefusalAsync(refusedUse, (data, withRow) =>
            db.QuerySingleOrDefaultAsync<string>(caller, EchoSql, new { Data = data, WithRow = withRow }, default));
    }

    [Theory]
    [MemberData(nameof(RefusedUses))]
    public async Task A_statement_refused_in_a_transaction_returns_its_rows_after_the_rollback(int refusedUse)
    {
        await using var dataSource = await PoolOfOneAsync();
        var db = new TenantDb(dataSource);
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());
        await AssertRowsReturnedAfterRefusalAsync(refusedUse, async (data, withRow) =>
        {
            await using var tx = await db.BeginAsync(caller, default);
            return await tx.QuerySingleOrDefaultAsync<string>(EchoSql, new { Data = data, WithRow = withRow }, default);
        });
    }

    /// <summary>
    /// The failure the full test suite met now and then: an unstorable autosave on the use that prepared the one-statement
    /// autosave, then an autosave at a stale version (the statement updates no row) answered 500 "the batch has no more
    /// results to read" instead of the version mismatch.
    /// </summary>
    [Theory]
    [MemberData(nameof(RefusedUses))]
    public async Task An_unstorable_autosave_while_being_prepared_leaves_later_autosaves_answered(int refusedUse)
    {
        await using var dataSource = await PoolOfOneAsync();
        var autosave = new SessionAutosave(new TenantDb(dataSource), new StageValidator(TimeProvider.System),
            NullLogger<SessionAutosave>.Instance);
        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid());
        var sessionId = await SessionRows.InsertAsync(caller.OrganizationId, caller.UserId);
        Task<SessionOutcome> Save(string data, int[]? ifMatch = null) =>
            autosave.SaveAsync(caller, Request(sessionId, data), ifMatch, default);

        for (var use = 1; use < refusedUse; use++)
        {
            Assert.Equal(SessionOutcomeKind.Ok, (await Save($$"""{"name": "Ann {{use}}"}""")).Kind);
        }
        Assert.Equal(SessionOutcomeKind.UnstorableData, (await Save(Unstorable)).Kind);

        Assert.Equal(SessionOutcomeKind.VersionMismatch, (await Save("""{"name": "Bo"}""", ifMatch: [-1])).Kind);
        var saved = await Save("""{"name": "Cy"}""");
        Assert.Equal(SessionOutcomeKind.Ok, saved.Kind);
        Assert.Equal("Cy", saved.Row!.PayloadOf(WizardStages.Organizer).GetProperty("name").GetString());
    }

    /// <summary>
    /// Runs <see cref="EchoSql"/> through <paramref name="echo"/> with good data up to the refused use, refused there
    /// (numeric's range, at Bind), then once without a row and once with one: both must come back.
    /// </summary>
    private static async Task AssertRowsReturnedAfterRefusalAsync(int refusedUse, Func<string, bool, Task<string?>> echo)
    {
        for (var use = 1; use < refusedUse; use++)
        {
            Assert.Equal("{\"n\": 1}", await echo("""{"n": 1}""", true));
        }
        var refused = await Assert.ThrowsAsync<PostgresException>(() => echo(Unstorable, true));
        Assert.Equal(PostgresErrorCodes.NumericValueOutOfRange, refused.SqlState);

        Assert.Null(await echo("""{"n": 2}""", false));
        Assert.Equal("{\"n\": 3}", await echo("""{"n": 3}""", true));
    }

    private static async Task<NpgsqlDataSource> PoolOfOneAsync() =>
        DataSourceFactory.Create(await TestDatabase.RuntimeConnectionStringAsync() + ";Maximum Pool Size=1",
            useEntraAuth: false, credential: () => throw new InvalidOperationException("No Entra ID here."));

    private static AutosaveRequest Request(string sessionId, string data)
    {
        var body = $$"""{"sessionId":"{{sessionId}}","stage":"organizer","data":{{data}}}""";
        var (request, problem) = AutosaveRequest.Parse(JsonDocument.Parse(body).RootElement, null);
        Assert.Null(problem);
        return request!;
    }
}
