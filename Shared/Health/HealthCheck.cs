using System.Text.Json.Serialization;
using Dapper;
using EventWizard.Shared.Data;
using EventWizard.Shared.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EventWizard.Shared.Health;

/// <summary>GET /api/health: 200 with the schema version, or 503 when PostgreSQL cannot be reached.</summary>
public sealed class HealthCheck(NpgsqlDataSource dataSource, ILogger<HealthCheck> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<IResult> CheckAsync(CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(timeout.Token);
            var version = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "select coalesce(max(version), 0) from schema_migrations", cancellationToken: timeout.Token));
            return new JsonResult(new HealthReport("ok", "ok", version));
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Health check cannot reach the database");
            return new JsonResult(new HealthReport("degraded", "unavailable", null), StatusCodes.Status503ServiceUnavailable);
        }
    }

    private sealed record HealthReport(
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("database")] string Database,
        [property: JsonPropertyName("schemaVersion")]
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SchemaVersion);
}
