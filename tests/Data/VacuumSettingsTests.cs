using Dapper;
using EventWizard.Tests.Infrastructure;

namespace EventWizard.Tests.Data;

/// <summary>sql/009: the sessions table's vacuum does not wait for a fifth of a large table to be dead.</summary>
public sealed class VacuumSettingsTests
{
    [Fact]
    public async Task Wizard_sessions_is_vacuumed_after_1000_dead_rows_whatever_its_size()
    {
        var owner = await TestDatabase.OwnerAsync();
        await using var conn = await owner.OpenConnectionAsync();

        var options = await conn.QueryAsync<string>(
            "select unnest(reloptions) from pg_class where oid = 'wizard_sessions'::regclass order by 1");

        Assert.Equal(["autovacuum_vacuum_scale_factor=0", "autovacuum_vacuum_threshold=1000"], options);
    }
}
