using Azure.Core;
using Azure.Identity;
using EventWizard.Shared.Data;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Migrate;

/// <summary>
/// The release step that brings a database's schema up to date with the one migrator the apps have
/// (<see cref="Migrator"/>), as the owner, so the deployed apps need no owner connection
/// (Database__MigrateOnStartup=false). Used by azd's hook (azure.yaml), CI/CD, and by hand.
/// </summary>
public static class MigrateCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct) =>
        RunAsync(args, output, error, () => new DefaultAzureCredential(), ct);

    /// <summary><paramref name="credential"/> is asked for a token only with --entra.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<TokenCredential> credential,
        CancellationToken ct)
    {
        var arguments = MigrateArguments.Parse(args);
        if (arguments.Error is { } usage)
        {
            await error.WriteLineAsync($"{usage}\n\n{MigrateArguments.Usage}");
            return ExitCodes.Usage;
        }
        if (ConnectionStringError(arguments) is { } invalid)
        {
            await error.WriteLineAsync(invalid);
            return ExitCodes.Usage;
        }
        string connectionString;
        try
        {
            connectionString = arguments.Entra ? await WithEntraTokenAsync(arguments.Connection, credential(), ct) : arguments.Connection;
        }
        catch (AuthenticationFailedException ex)
        {
            await error.WriteLineAsync($"No Microsoft Entra ID token for PostgreSQL: {ex.Message} Sign in with `az login` (or run where a managed identity is).");
            return ExitCodes.CannotConnect;
        }
        try
        {
            var version = await MigrateAsync(connectionString, ct);
            await output.WriteLineAsync($"Schema is at version {version}.");
            if (arguments.RuntimeLogin is { } login)
            {
                return await GrantAsync(connectionString, login, arguments.EntraPrincipalId, output, error, ct);
            }
            return ExitCodes.Done;
        }
        catch (MigrationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return ExitCodes.MigrationRefused;
        }
        catch (NpgsqlException ex) when (IsConnectionFailure(ex))
        {
            await error.WriteLineAsync($"Cannot connect to PostgreSQL as the owner: {ex.Message}");
            return ExitCodes.CannotConnect;
        }
    }

    private static async Task<int> MigrateAsync(string connectionString, CancellationToken ct)
    {
        using var logging = LoggerFactory.Create(builder => builder.AddSimpleConsole(console => console.SingleLine = true));
        return await new Migrator(logging.CreateLogger<Migrator>()).MigrateAsync(connectionString, ct);
    }

    private static async Task<int> GrantAsync(string connectionString, string login, string? entraPrincipalId, TextWriter output,
        TextWriter error, CancellationToken ct)
    {
        try
        {
            if (entraPrincipalId is not null && await RuntimeRoleGrant.CreateEntraPrincipalAsync(connectionString, login, Guid.Parse(entraPrincipalId), ct))
            {
                await output.WriteLineAsync($"Created role \"{login}\" for the Entra principal {entraPrincipalId}.");
            }
            await RuntimeRoleGrant.GrantAsync(connectionString, login, ct);
            await output.WriteLineAsync($"\"{login}\" is a member of event_wizard_runtime.");
            return ExitCodes.Done;
        }
        catch (PostgresException ex) when (!IsConnectionFailure(ex))
        {
            await error.WriteLineAsync($"The runtime role grant was refused: {ex.MessageText}");
            return ExitCodes.GrantRefused;
        }
    }

    /// <summary>Unreachable, login refused (class 28), or no such database: nothing ran.</summary>
    private static bool IsConnectionFailure(NpgsqlException ex) =>
        ex is not PostgresException postgres
        || postgres.SqlState.StartsWith("28", StringComparison.Ordinal)
        || postgres.SqlState == PostgresErrorCodes.InvalidCatalogName;

    private static async Task<string> WithEntraTokenAsync(string connectionString, TokenCredential credential, CancellationToken ct)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([DataSourceFactory.EntraScope]), ct);
        return new NpgsqlConnectionStringBuilder(connectionString) { Password = token.Token }.ConnectionString;
    }

    /// <summary>Never repeats the string itself: it may hold a password.</summary>
    private static string? ConnectionStringError(MigrateArguments arguments)
    {
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(arguments.Connection);
            if (string.IsNullOrWhiteSpace(settings.Host))
            {
                return "--connection names no Host: Host=<server>;Port=5432;Database=event_wizard;Username=<owner>;Ssl Mode=Require";
            }
            if (arguments.Entra && string.IsNullOrWhiteSpace(settings.Username))
            {
                return "--connection names no Username: with --entra it is the Entra principal's role (the server's Entra administrator).";
            }
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"--connection is not a usable Npgsql connection string: {ex.Message}";
        }
    }
}
