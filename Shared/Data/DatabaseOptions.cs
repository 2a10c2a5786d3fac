using EventWizard.Shared.Hosting;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>Settings under <c>Database__*</c>.</summary>
public sealed class DatabaseOptions : ICheckedSettings
{
    public const string Section = "Database";

    /// <summary>Runtime connection: a role without BYPASSRLS that owns no table.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Owner connection used only to run migrations; when empty, migrations are not run on start.</summary>
    public string OwnerConnectionString { get; set; } = "";

    /// <summary>Take the password from Microsoft Entra ID (managed identity) instead of the connection string.</summary>
    public bool UseEntraAuth { get; set; }

    /// <summary>How often a new Entra ID token is fetched for new connections (tokens live 60-90 minutes).</summary>
    public TimeSpan EntraTokenRefresh { get; set; } = DataSourceFactory.DefaultEntraTokenRefresh;

    public bool MigrateOnStartup { get; set; } = true;

    public IReadOnlyList<string> Errors()
    {
        List<string> errors = [];
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            errors.Add("Database__ConnectionString is not set: give the runtime role's PostgreSQL connection string " +
                "(local.settings.json, see local.settings.sample.json; app settings in Azure), or run the local host with " +
                "`dotnet run --project DevHost`, which starts a local PostgreSQL.");
        }
        else if (ConnectionStringError(ConnectionString) is { } error)
        {
            errors.Add($"Database__ConnectionString is not a usable Npgsql connection string: {error}");
        }
        if (!string.IsNullOrWhiteSpace(OwnerConnectionString) && ConnectionStringError(OwnerConnectionString) is { } ownerError)
        {
            errors.Add($"Database__OwnerConnectionString is not a usable Npgsql connection string: {ownerError} Leave it empty to skip migrations.");
        }
        if (EntraTokenRefresh <= TimeSpan.Zero)
        {
            errors.Add($"Database__EntraTokenRefresh must be positive, e.g. 00:55:00 (it is {EntraTokenRefresh}).");
        }
        return errors;
    }

    /// <summary>Why Npgsql cannot use <paramref name="connectionString"/>, or null. The value itself is never repeated: it may hold a password.</summary>
    private static string? ConnectionStringError(string connectionString)
    {
        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(parsed.Host) ? "it names no Host (Host=...;Database=...;Username=...)." : null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
