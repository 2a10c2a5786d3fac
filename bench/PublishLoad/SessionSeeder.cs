using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace EventWizard.Bench.PublishLoad;

/// <summary>Inserts complete sessions as the schema owner (spread over tenants) and mints each tenant's HS256 token.</summary>
public sealed class SessionSeeder(BenchOptions options)
{
    private readonly List<(Guid Organization, Guid User, string Token)> tenants = [.. Enumerable.Range(0, options.Tenants).Select(_ =>
    {
        var organization = Guid.NewGuid();
        var user = Guid.NewGuid();
        return (organization, user, Token(options, organization, user));
    })];

    public async Task<List<BenchSession>> CreateAsync(string prefix, int count)
    {
        const string sql = """
            insert into wizard_sessions (organization_id, session_id, user_id, current_stage,
                                         organizer_data, event_data, ticket_data, venue_data, payment_data)
            select @Organization, @Prefix || '_' || @Tenant || '_' || g, @User, 'paymentSetup',
                   @Organizer::jsonb, @Event::jsonb, @Ticket::jsonb, @Venue::jsonb, @Payment::jsonb
            from generate_series(1, @Count) g
            """;
        await using var conn = new NpgsqlConnection(options.OwnerConnection);
        await conn.OpenAsync();
        var sessions = new List<BenchSession>();
        for (var t = 0; t < tenants.Count; t++)
        {
            var share = count / tenants.Count + (t < count % tenants.Count ? 1 : 0);
            if (share == 0)
            {
                continue;
            }
            var (organization, user, token) = tenants[t];
            await conn.ExecuteAsync(sql, new
            {
                Organization = organization, Prefix = prefix, Tenant = t.ToString(System.Globalization.CultureInfo.InvariantCulture),
                User = user, Count = share, Organizer, Event = EventPayload(), Ticket, Venue, Payment,
            });
            sessions.AddRange(Enumerable.Range(1, share).Select(g => new BenchSession($"{prefix}_{t}_{g}", organization, token)));
        }
        // Interleave tenants, as real traffic would.
        return [.. sessions.OrderBy(_ => Random.Shared.Next())];
    }

    /// <summary>
    /// Fresh statistics for the tables publish touches, as autovacuum keeps them in a running deployment. On a new
    /// cluster it wakes once a minute, so a whole run would otherwise be planned on the statistics of empty tables.
    /// </summary>
    public async Task AnalyzeAsync()
    {
        await using var conn = new NpgsqlConnection(options.OwnerConnection);
        await conn.ExecuteAsync("analyze wizard_sessions, wizard_actions, events");
    }

    public async Task<long> EventCountAsync(BenchSession session)
    {
        await using var conn = new NpgsqlConnection(options.OwnerConnection);
        return await conn.ExecuteScalarAsync<long>(
            "select count(*) from events where organization_id = @OrganizationId and source_session_id = @SessionId",
            new { session.OrganizationId, session.SessionId });
    }

    /// <summary>Server-side execution_time_ms of the completed publishes whose session ids start with the prefix.</summary>
    public async Task<(double P50, double P99, double Max)> ExecutionTimesAsync(string prefix)
    {
        await using var conn = new NpgsqlConnection(options.OwnerConnection);
        return await conn.QuerySingleAsync<(double, double, double)>("""
            select percentile_cont(0.5) within group (order by execution_time_ms),
                   percentile_cont(0.99) within group (order by execution_time_ms),
                   max(execution_time_ms)::float8
            from wizard_actions where status = 'completed' and session_id like @Prefix || '\_%'
            """, new { Prefix = prefix });
    }

    private const string Organizer = """{"name": "Bench Atelier", "email": "bench@atelier.example"}""";
    private const string Ticket = """{"tiers": [{"name": "General", "price": 0, "quantity": 100}, {"name": "VIP", "price": 0, "quantity": 10}], "totalCapacity": 110}""";
    private const string Venue = """{"mode": "hybrid", "name": "Hall 4", "address": {"line1": "1 Dock Street", "city": "Brooklyn", "country": "US"}, "url": "https://stream.example/live"}""";
    private const string Payment = """{"enabled": false}""";

    private static string EventPayload() => JsonSerializer.Serialize(new
    {
        title = "Benchmark Night Show",
        type = "launch",
        date = DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        startTime = "19:00",
        endTime = "22:00",
        description = "A launch event prepared by the benchmark.",
    });

    private static string Token(BenchOptions options, Guid organization, Guid user)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8.ToArray());
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = options.Issuer, ["aud"] = options.Audience, ["sub"] = user.ToString(), ["org_id"] = organization.ToString(),
            ["iat"] = now, ["nbf"] = now, ["exp"] = now + 3600,
        }));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.SigningKey), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
