using System.Text;
using Dapper;
using Npgsql;

namespace EventWizard.Migrate;

/// <summary>
/// The role grants of docs/azure-deployment.md as code: the apps' login becomes a member of event_wizard_runtime
/// (sql/grants/runtime-role.sql), after, where asked, being created as the Entra principal of the managed identity.
/// </summary>
public static class RuntimeRoleGrant
{
    /// <summary>Entra principals are created from the postgres database, where Azure installs pgaadauth.</summary>
    private const string EntraPrincipalDatabase = "postgres";

    public static async Task GrantAsync(string connectionString, string login, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("select set_config('event_wizard.runtime_login', @Login, true)",
            new { Login = login }, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(Script(), transaction: tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Creates <paramref name="login"/> for the Entra principal <paramref name="objectId"/> unless a role of that name exists.</summary>
    public static async Task<bool> CreateEntraPrincipalAsync(string connectionString, string login, Guid objectId, CancellationToken ct)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Database = EntraPrincipalDatabase };
        await using var conn = new NpgsqlConnection(settings.ConnectionString);
        await conn.OpenAsync(ct);
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
                "select exists (select from pg_roles where rolname = @Login)", new { Login = login }, cancellationToken: ct)))
        {
            return false;
        }
        // objectType 'service': a managed identity or service principal; not an administrator, no MFA claim required.
        await conn.ExecuteAsync(new CommandDefinition(
            "select pgaadauth_create_principal_with_oid(@Login, @ObjectId, 'service', false, false)",
            new { Login = login, ObjectId = objectId.ToString() }, cancellationToken: ct));
        return true;
    }

    private static string Script()
    {
        using var stream = typeof(RuntimeRoleGrant).Assembly.GetManifestResourceStream("grants/runtime-role.sql")!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
