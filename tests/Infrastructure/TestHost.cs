using System.Net.Http.Headers;
using EventWizard.DevHost;
using EventWizard.Tests.Contract;

namespace EventWizard.Tests.Infrastructure;

/// <summary>The DevHost over Kestrel on a loopback port, against the test database: the real HTTP surface.</summary>
public static class TestHost
{
    public const string SigningKey = "test-signing-key-0123456789-abcdefghijklmnop";
    public const string Issuer = "event-wizard-test";
    public const string Audience = "event-wizard";

    private static readonly Lazy<Task<DevHostApp>> Host = new(StartAsync);

    public static async Task<DevHostApp> InstanceAsync() => await Host.Value;

    /// <summary>What the shared host logs (Warning and up): a 5xx any test meets is written out with it (ServerErrors).</summary>
    public static LogCapture Logs { get; } = new();

    /// <summary>Settings the test host runs with; tests that start a host of their own start from these.</summary>
    public static Dictionary<string, string?> Settings(string runtimeConnectionString, string ownerConnectionString) => new()
    {
        ["DevHost:Urls"] = "http://127.0.0.1:0",
        ["Database:ConnectionString"] = runtimeConnectionString,
        ["Database:OwnerConnectionString"] = ownerConnectionString,
        ["Auth:Issuer"] = Issuer,
        ["Auth:Audience"] = Audience,
        ["Auth:SigningKey"] = SigningKey,
        ["Auth:MetadataAddress"] = "",
        ["Auth:OrganizationClaim"] = "org_id",
        // Pages on 127.0.0.1 (any port) may call; the browser tests load the same page as localhost to be refused.
        ["Cors:AllowedOrigins"] = "http://127.0.0.1:*",
        ["CleanupSchedule"] = "0 0 3 1 1 *",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>An HTTP client for the test host with no Authorization header.</summary>
    public static async Task<HttpClient> AnonymousClientAsync() => ClientFor((await InstanceAsync()).BaseAddress);

    /// <summary>
    /// An HTTP client for a host at <paramref name="baseAddress"/> (this one or a test's own) whose every response is
    /// held to the OpenAPI document: a response it does not allow fails the call (<see cref="ContractCheckingHandler"/>).
    /// </summary>
    public static HttpClient ClientFor(string baseAddress) =>
        new(new ContractCheckingHandler(ContractDocument.Served)) { BaseAddress = new Uri(baseAddress) };

    /// <summary>A client authenticated as a brand-new organization and user.</summary>
    public static async Task<TenantClient> NewTenantAsync()
    {
        var tenant = new TenantClient(Guid.NewGuid(), Guid.NewGuid(), await AnonymousClientAsync());
        tenant.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Token);
        return tenant;
    }

    public static string TokenFor(Guid organizationId, Guid userId, TimeSpan? lifetime = null) =>
        DevTokens.Create(SigningKey, Issuer, Audience,
            new Dictionary<string, object> { ["sub"] = userId.ToString(), ["org_id"] = organizationId.ToString() },
            lifetime ?? TimeSpan.FromMinutes(30));

    private static async Task<DevHostApp> StartAsync()
    {
        var settings = Settings(await TestDatabase.RuntimeConnectionStringAsync(), await TestDatabase.OwnerConnectionStringAsync());
        var host = await DevHostApp.StartAsync([], settings, Logs, CancellationToken.None);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => host.App.StopAsync().GetAwaiter().GetResult();
        return host;
    }
}
