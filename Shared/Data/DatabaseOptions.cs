namespace EventWizard.Shared.Data;

/// <summary>Settings under <c>Database__*</c>.</summary>
public sealed class DatabaseOptions
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
}
