using System.Text.Json.Serialization;

namespace EventWizard.Shared.Health;

/// <summary>The body of GET /api/health: the app's status, the database's, and the schema version when it answered.</summary>
public sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("database")] string Database,
    [property: JsonPropertyName("schemaVersion")]
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SchemaVersion)
{
    public static HealthReport Ok(int schemaVersion) => new("ok", "ok", schemaVersion);

    public static readonly HealthReport DatabaseUnavailable = new("degraded", "unavailable", null);

    [JsonIgnore]
    public bool IsHealthy => Database == "ok";
}
