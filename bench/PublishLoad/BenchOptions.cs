using System.Globalization;

namespace EventWizard.Bench.PublishLoad;

/// <summary>Command line: --base-url, --owner-connection, --signing-key, --issuer, --audience, --sessions, --warmup, --tenants, --connections, --burst-rounds, --single, --report, --server-pid, --postmaster-pid.</summary>
public sealed record BenchOptions(string BaseUrl, string OwnerConnection, string SigningKey, string Issuer, string Audience,
    int Sessions, int Warmup, int Tenants, int Connections, int BurstRounds, int Single, string? ReportFile, int? ServerPid, int? PostmasterPid)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }
        string Get(string name, string? fallback = null) =>
            values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new BenchOptions(
            Get("base-url"), Get("owner-connection"), Get("signing-key"), Get("issuer", "event-wizard-local"), Get("audience", "event-wizard"),
            Int("sessions", 3000), Int("warmup", 10000), Int("tenants", 20), Int("connections", 8), Int("burst-rounds", 5),
            Int("single", 300), values.GetValueOrDefault("report"), OptionalInt("server-pid"), OptionalInt("postmaster-pid"));
        int? OptionalInt(string name) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : null;
    }
}
