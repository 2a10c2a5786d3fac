using Azure.Core;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>Builds the pooled <see cref="NpgsqlDataSource"/> from <see cref="DatabaseOptions"/>.</summary>
public static class DataSourceFactory
{
    /// <summary>The scope Azure Database for PostgreSQL accepts Entra ID tokens for.</summary>
    public const string EntraScope = "https://ossrdbms-aad.database.windows.net/.default";

    /// <summary>
    /// The name Npgsql's spans carry (<c>db.npgsql.data_source</c>); unnamed, a data source is named after its connection
    /// string (the password removed), which telemetry must not carry.
    /// </summary>
    public const string Name = "event-wizard";

    /// <summary>Entra ID tokens live 60 to 90 minutes; fetch a new one well before the old one expires.</summary>
    public static readonly TimeSpan DefaultEntraTokenRefresh = TimeSpan.FromMinutes(55);

    public static NpgsqlDataSource Create(string connectionString, bool useEntraAuth, Func<TokenCredential> credential,
        TimeSpan? entraTokenRefresh = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = Name };
        ApplyPoolDefaults(builder.ConnectionStringBuilder, connectionString);
        if (useEntraAuth)
        {
            var tokenCredential = credential();
            builder.UsePeriodicPasswordProvider(
                async (_, ct) => (await tokenCredential.GetTokenAsync(new TokenRequestContext([EntraScope]), ct)).Token,
                successRefreshInterval: entraTokenRefresh ?? DefaultEntraTokenRefresh,
                failureRefreshInterval: TimeSpan.FromSeconds(10));
        }
        return builder.Build();
    }

    /// <summary>
    /// Unless the connection string says otherwise:
    /// - no DISCARD ALL when a connection goes back to the pool: the tenant is transaction-local, so there is
    ///   nothing to reset, and DISCARD ALL would also drop the prepared statements;
    /// - automatic preparation of the statements used most (Max Auto Prepare): PostgreSQL otherwise parses and
    ///   plans every statement on every call, which was about three quarters of its CPU per autosave
    ///   (docs/sessions.md). Behind PgBouncer in transaction mode this needs max_prepared_statements (1.21+).
    /// </summary>
    private static void ApplyPoolDefaults(NpgsqlConnectionStringBuilder settings, string connectionString)
    {
        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            settings.NoResetOnClose = true;
        }
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            settings.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
    }

    /// <summary>Room for every statement the apps send (a few dozen), so none is evicted and prepared again.</summary>
    public const int DefaultMaxAutoPrepare = 100;
}
