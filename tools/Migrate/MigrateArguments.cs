namespace EventWizard.Migrate;

/// <summary>The command line of tools/Migrate, parsed; <see cref="Error"/> says what is wrong with it.</summary>
public sealed record MigrateArguments(string Connection, bool Entra, string? RuntimeLogin, string? EntraPrincipalId, string? Error)
{
    public const string Usage = """
        Applies the migrations of sql/ as the owner, then optionally makes the apps' login a member of event_wizard_runtime.

          dotnet run --project tools/Migrate -- --connection "<owner connection string>" [--entra]
              [--grant-runtime-role <login role> [--entra-principal-id <object id>]]

          --connection          Npgsql connection string of the owner (port 5432, not PgBouncer: the migrator's lock is session level).
          --entra               Take the password from a Microsoft Entra ID token (DefaultAzureCredential: az login, managed identity);
                                Username is the Entra principal's database role.
          --grant-runtime-role  Grant event_wizard_runtime to this login role (sql/grants/runtime-role.sql, idempotent). Needs CREATEROLE
                                (Azure: the Entra administrator). Refused if the role is a superuser, has BYPASSRLS or owns tables.
          --entra-principal-id  Create the login role first, if missing, as the Entra principal with this object id (Azure only:
                                pgaadauth_create_principal_with_oid, in database postgres).

        Exit codes: 0 done, 1 migration refused or failed, 2 wrong arguments, 3 cannot connect, 4 grant refused.
        """;

    public static MigrateArguments Parse(IReadOnlyList<string> args)
    {
        string? connection = null, runtimeLogin = null, principalId = null;
        var entra = false;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option == "--entra")
            {
                entra = true;
                continue;
            }
            if (i + 1 == args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return Invalid($"{option} is not an option, or it needs a value.");
            }
            var value = args[++i];
            switch (option)
            {
                case "--connection":
                    connection = value;
                    break;
                case "--grant-runtime-role":
                    runtimeLogin = value;
                    break;
                case "--entra-principal-id":
                    principalId = value;
                    break;
                default:
                    return Invalid($"{option} is not an option.");
            }
        }
        if (string.IsNullOrWhiteSpace(connection))
        {
            return Invalid("--connection is required: the owner's connection string.");
        }
        if (principalId is not null && runtimeLogin is null)
        {
            return Invalid("--entra-principal-id needs --grant-runtime-role: the name of the role to create for that principal.");
        }
        if (principalId is not null && !Guid.TryParse(principalId, out _))
        {
            return Invalid("--entra-principal-id must be the principal's object id (a GUID).");
        }
        return new MigrateArguments(connection, entra, runtimeLogin, principalId, null);
    }

    private static MigrateArguments Invalid(string error) => new("", false, null, null, error);
}
