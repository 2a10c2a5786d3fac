using Dapper;

namespace EventWizard.Tests.Infrastructure;

/// <summary>
/// A trigger created by the owner for one test and dropped on dispose, with its function and the sequence of that
/// name if the test made one. The name is unique, so tests running at the same time do not meet; the SQL given
/// should also limit the trigger to the test's own rows (a WHEN clause on its organization).
/// </summary>
public sealed class TestTrigger : IAsyncDisposable
{
    private readonly string table;
    private readonly string name;

    private TestTrigger(string table, string name)
    {
        this.table = table;
        this.name = name;
    }

    /// <summary><paramref name="createSql"/> gets the name and creates the function <c>name()</c> and the trigger <c>name</c> on <paramref name="table"/>.</summary>
    public static async Task<TestTrigger> CreateAsync(string table, Func<string, string> createSql)
    {
        var trigger = new TestTrigger(table, "test_trigger_" + Guid.NewGuid().ToString("N")[..12]);
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync(createSql(trigger.name));
        return trigger;
    }

    /// <summary>
    /// A row trigger on <paramref name="table"/> that raises <paramref name="message"/> for the rows
    /// <paramref name="when"/> selects: at <paramref name="timing"/> (e.g. "before update"), or, with
    /// <paramref name="atCommit"/>, as a deferred constraint trigger at COMMIT (timing "after …").
    /// </summary>
    public static Task<TestTrigger> RaisingAsync(string table, string timing, string when, string message, bool atCommit = false) =>
        CreateAsync(table, name => $"""
            create function {name}() returns trigger language plpgsql as $$
            begin
                raise exception '{message}';
            end
            $$;
            create {(atCommit ? "constraint " : "")}trigger {name} {timing} on {table}
                {(atCommit ? "deferrable initially deferred " : "")}for each row when ({when}) execute function {name}();
            """);

    public async ValueTask DisposeAsync()
    {
        await using var conn = await (await TestDatabase.OwnerAsync()).OpenConnectionAsync();
        await conn.ExecuteAsync($"drop trigger {name} on {table}; drop function {name}(); drop sequence if exists {name};");
    }
}
