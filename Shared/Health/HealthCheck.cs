using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Health;

/// <summary>GET /api/health: the schema version, or the database unavailable when PostgreSQL cannot be reached in time.</summary>
public sealed class HealthCheck(NpgsqlDataSource dataSource, ILogger<HealthCheck> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(timeout.Token);
            var version = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "select coalesce(max(version), 0) from schema_migrations", cancellationToken: timeout.Token));
            return HealthReport.Ok(version);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Health check cannot reach the database");
            return HealthReport.DatabaseUnavailable;
        }
    }
}
